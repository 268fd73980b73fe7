#include "widgets/common/confirm.h"

#include <QMessageBox>
#include <QPushButton>

#include <utility>

namespace uae::widgets {

namespace {
ConfirmAnswerer& answererSlot() {
    static ConfirmAnswerer answerer;
    return answerer;
}
}  // namespace

bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText) {
    if (const auto& answerer = answererSlot()) return answerer(title, text);
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(qobject_cast<QPushButton*>(box.button(QMessageBox::Cancel)));
    box.exec();
    return box.clickedButton() == accept;
}

ConfirmAnswerer setConfirmAnswerer(ConfirmAnswerer answerer) {
    return std::exchange(answererSlot(), std::move(answerer));
}

}  // namespace uae::widgets
