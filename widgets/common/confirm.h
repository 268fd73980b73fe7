// Yes/no questions the views ask (delete a run? stop and save before closing? resume an
// interrupted run?), in one place so that tests can answer them without a modal dialog.
#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace uae::widgets {

// Shows a question with an accept button labelled `acceptText` and a Cancel button;
// true when accepted. With an answerer installed, asks it instead (no dialog).
bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText);

// Tests: answer every question with `answerer` (title, text) -> accepted; nullptr restores
// the dialog. Returns the previous answerer.
using ConfirmAnswerer = std::function<bool(const QString& title, const QString& text)>;
ConfirmAnswerer setConfirmAnswerer(ConfirmAnswerer answerer);

}  // namespace uae::widgets
