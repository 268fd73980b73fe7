// The settings form of one stage, built from the config schema (train::fieldsFor): one
// editor per field (numbers and comma lists as text, choices as a combo box, booleans as
// a check box), its help as the tooltip, and an inline message under any value that
// train::checkField rejects. GUI thread; owned by its parent.
#pragma once

#include <QMap>
#include <QStringList>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "core/train/pipelineconfig.h"

class QLabel;

namespace uae::widgets {

class StageForm : public QWidget {
    Q_OBJECT
public:
    explicit StageForm(train::StageKind kind, QWidget* parent = nullptr);

    train::StageKind kind() const { return m_kind; }
    // Fills the editors; keys the schema lacks are ignored, missing ones keep their value.
    void setSettings(const nlohmann::json& settings);
    // The editors' values as JSON (numbers parsed; unparsable text stays a string, which
    // checkField then rejects).
    nlohmann::json settings() const;
    bool isValid() const { return m_problems.isEmpty(); }
    // "<label>: <message>" for each rejected field, in schema order.
    QStringList problems() const;
    void setReadOnly(bool readOnly);

    // For tests and the pipeline panel: the editor and inline message of a field.
    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    QString message(const QString& key) const;
    // Sets a field from text as the user would type it (combo: the choice's text).
    void setText(const QString& key, const QString& text);

Q_SIGNALS:
    void changed();
    void validityChanged(bool valid);

private:
    nlohmann::json valueOf(const train::FieldSpec& field) const;
    void validate(const train::FieldSpec& field);
    void onEdited(const QString& key);

    train::StageKind m_kind;
    QMap<QString, QWidget*> m_editors;
    QMap<QString, QLabel*> m_messages;
    QMap<QString, QString> m_problems;  // key -> message
};

}  // namespace uae::widgets
