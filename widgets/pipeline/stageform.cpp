#include "widgets/pipeline/stageform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include "widgets/common/coretext.h"

namespace uae::widgets {

namespace {

const QString kErrorStyle = QStringLiteral("QLineEdit { border: 1px solid #d7263d; background: #fff0f1; }");

QString jsonText(const nlohmann::json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    if (v.is_number_integer()) return QString::number(v.get<long long>());
    if (v.is_number()) return QString::number(v.get<double>(), 'g', 10);
    if (v.is_boolean()) return v.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromStdString(v.dump());
}

// Text as typed -> JSON: an integer, else a number, else the text itself.
nlohmann::json parseNumber(const QString& text) {
    const QString t = text.trimmed();
    bool ok = false;
    const qlonglong i = t.toLongLong(&ok);
    if (ok) return i;
    const double d = t.toDouble(&ok);
    if (ok) return d;
    return t.toStdString();
}

}  // namespace

StageForm::StageForm(train::StageKind kind, QWidget* parent) : QWidget(parent), m_kind(kind) {
    setObjectName(QStringLiteral("stageForm-") + QString::fromLatin1(train::stageKindName(kind)));
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(4, 4, 4, 4);
    for (const train::FieldSpec& field : train::fieldsFor(kind)) {
        const QString key = QString::fromStdString(field.key);
        const QString tip = QStringLiteral("<b>%1</b><br>%2").arg(key, fieldHelp(field).toHtmlEscaped());
        QWidget* editor = nullptr;
        if (field.type == train::FieldType::Choice) {
            auto* combo = new QComboBox(this);
            for (const auto& c : field.choices) combo->addItem(QString::fromStdString(c));
            connect(combo, &QComboBox::currentTextChanged, this, [this, key] { onEdited(key); });
            editor = combo;
        } else if (field.type == train::FieldType::Bool) {
            auto* box = new QCheckBox(this);
            connect(box, &QCheckBox::toggled, this, [this, key] { onEdited(key); });
            editor = box;
        } else {
            auto* line = new QLineEdit(this);
            if (field.type == train::FieldType::String && !field.choices.empty()) {
                QStringList choices;
                for (const auto& c : field.choices) choices << QString::fromStdString(c);
                line->setPlaceholderText(choices.join(QLatin1Char(',')));
            }
            connect(line, &QLineEdit::textEdited, this, [this, key] { onEdited(key); });
            editor = line;
        }
        editor->setObjectName(key);
        editor->setToolTip(tip);
        m_editors.insert(key, editor);

        auto* cell = new QWidget(this);
        auto* column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(1);
        column->addWidget(editor);
        auto* message = new QLabel(cell);
        message->setObjectName(key + QStringLiteral("-message"));
        message->setStyleSheet(QStringLiteral("QLabel { color: #c0142b; font-size: small; }"));
        message->setWordWrap(true);
        message->hide();
        column->addWidget(message);
        m_messages.insert(key, message);

        auto* label = new QLabel(fieldLabel(field.key), this);
        label->setToolTip(tip);
        label->setBuddy(editor);
        form->addRow(label, cell);
    }
    setSettings(train::defaultStage(kind).settings);
}

void StageForm::setSettings(const nlohmann::json& settings) {
    for (const train::FieldSpec& field : train::fieldsFor(m_kind)) {
        if (!settings.contains(field.key)) continue;
        const QString key = QString::fromStdString(field.key);
        QWidget* editor = m_editors.value(key);
        const nlohmann::json& v = settings.at(field.key);
        QSignalBlocker block(editor);
        if (auto* combo = qobject_cast<QComboBox*>(editor)) combo->setCurrentText(jsonText(v));
        else if (auto* box = qobject_cast<QCheckBox*>(editor)) box->setChecked(v.is_boolean() && v.get<bool>());
        else if (auto* line = qobject_cast<QLineEdit*>(editor)) line->setText(jsonText(v));
    }
    const bool wasValid = isValid();
    for (const train::FieldSpec& field : train::fieldsFor(m_kind)) validate(field);
    if (wasValid != isValid()) Q_EMIT validityChanged(isValid());
    Q_EMIT changed();
}

nlohmann::json StageForm::valueOf(const train::FieldSpec& field) const {
    QWidget* editor = m_editors.value(QString::fromStdString(field.key));
    if (auto* combo = qobject_cast<QComboBox*>(editor)) return combo->currentText().toStdString();
    if (auto* box = qobject_cast<QCheckBox*>(editor)) return box->isChecked();
    const QString text = qobject_cast<QLineEdit*>(editor)->text();
    if (field.type == train::FieldType::String) return text.trimmed().toStdString();
    return parseNumber(text);
}

nlohmann::json StageForm::settings() const {
    nlohmann::json out = nlohmann::json::object();
    for (const train::FieldSpec& field : train::fieldsFor(m_kind)) out[field.key] = valueOf(field);
    return out;
}

void StageForm::validate(const train::FieldSpec& field) {
    const QString key = QString::fromStdString(field.key);
    const QString problem = validationMessage(m_kind, field, valueOf(field));
    QLabel* message = m_messages.value(key);
    message->setText(problem);
    message->setVisible(!problem.isEmpty());
    if (auto* line = qobject_cast<QLineEdit*>(m_editors.value(key)))
        line->setStyleSheet(problem.isEmpty() ? QString() : kErrorStyle);
    if (problem.isEmpty()) m_problems.remove(key);
    else m_problems.insert(key, problem);
}

void StageForm::onEdited(const QString& key) {
    const bool wasValid = isValid();
    for (const train::FieldSpec& field : train::fieldsFor(m_kind))
        if (field.key == key.toStdString()) validate(field);
    if (wasValid != isValid()) Q_EMIT validityChanged(isValid());
    Q_EMIT changed();
}

QStringList StageForm::problems() const {
    QStringList out;
    for (const train::FieldSpec& field : train::fieldsFor(m_kind)) {
        const QString key = QString::fromStdString(field.key);
        if (m_problems.contains(key)) out << fieldLabel(field.key) + QStringLiteral(": ") + m_problems.value(key);
    }
    return out;
}

QString StageForm::message(const QString& key) const { return m_problems.value(key); }

void StageForm::setReadOnly(bool readOnly) {
    for (QWidget* editor : std::as_const(m_editors)) {
        if (auto* line = qobject_cast<QLineEdit*>(editor)) line->setReadOnly(readOnly);
        else editor->setEnabled(!readOnly);
    }
}

void StageForm::setText(const QString& key, const QString& text) {
    QWidget* editor = m_editors.value(key);
    if (auto* combo = qobject_cast<QComboBox*>(editor)) combo->setCurrentText(text);
    else if (auto* box = qobject_cast<QCheckBox*>(editor)) box->setChecked(text == QStringLiteral("true"));
    else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->setText(text);
        onEdited(key);
    }
}

}  // namespace uae::widgets
