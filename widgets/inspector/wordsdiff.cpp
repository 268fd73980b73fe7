#include "widgets/inspector/wordsdiff.h"

#include <QHash>

namespace uae::widgets {

namespace {

QList<CaptionToken> tokenize(const QString& text) {
    QList<CaptionToken> out;
    CaptionToken current;
    for (QChar c : text) {
        const bool wordChar = c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('\'');
        if (!current.text.isEmpty() && wordChar != current.word) {
            out << current;
            current = {};
        }
        current.word = wordChar;
        current.text += c;
    }
    if (!current.text.isEmpty()) out << current;
    return out;
}

}  // namespace

QList<CaptionToken> diffCaption(const QString& previous, const QString& current) {
    QHash<QString, int> before;
    for (const CaptionToken& t : tokenize(previous))
        if (t.word) ++before[t.text.toLower()];
    QList<CaptionToken> tokens = tokenize(current);
    for (CaptionToken& t : tokens) {
        if (!t.word) continue;
        int& left = before[t.text.toLower()];
        if (left > 0) --left;
        else t.gained = true;
    }
    return tokens;
}

QString highlightGainedWords(const QString& previous, const QString& current, int* gained) {
    QString html;
    int count = 0;
    for (const CaptionToken& t : diffCaption(previous, current)) {
        if (t.gained) {
            ++count;
            html += QStringLiteral("<span style=\"background-color:#b9f6ca; color:#0b5d1e; font-weight:600\">") +
                    t.text.toHtmlEscaped() + QStringLiteral("</span>");
        } else {
            html += t.text.toHtmlEscaped();
        }
    }
    if (gained) *gained = count;
    return html;
}

}  // namespace uae::widgets
