// Which words a caption gained since the previous snapshot of the same probe: the
// inspector highlights them. Pure; any thread.
#pragma once

#include <QList>
#include <QString>

namespace uae::widgets {

struct CaptionToken {
    QString text;          // as written (a word, or the spaces/punctuation between words)
    bool word = false;     // letters/digits, compared case-insensitively
    bool gained = false;   // a word the previous caption did not have (as many times)
};

// Splits `current` into words and separators; a word is gained when the previous
// caption holds fewer occurrences of it than `current` has up to and including this one
// (a multiset difference, so "two red circles" after "a red circle" gains "two" and
// "circles" but not "red").
QList<CaptionToken> diffCaption(const QString& previous, const QString& current);

// The caption as HTML with gained words highlighted; *gained receives their count.
QString highlightGainedWords(const QString& previous, const QString& current, int* gained = nullptr);

}  // namespace uae::widgets
