// Caption text -> scene facts. Reads the caption grammar of caption.h, and tolerates the
// rest: any caption a model writes gets the facts it can be read for, and words outside
// the parser's vocabulary are skipped and counted. Torch-free; pure, thread-safe.
//
// How a caption is read, sentence by sentence (sentences end at . ! ? ;):
//  - a sentence holding a relation ("above", "below", "left of", "right of") gives one
//    relation fact: the description before the relation and the one after it;
//  - a sentence starting with "there" gives count facts ("there are two circles");
//  - any other sentence mentions objects: each noun phrase ending in a shape word is one
//    object (or n with "two", ... "nine"; two with a bare plural), taking the size and
//    colour words before it and the position words after it (or just before it); an
//    explicit number also gives a count fact ("two red circles" -> exactly two red
//    circles); "<number> objects" gives the total count; "<colour> background" the
//    background.
// Synonyms accepted: gray, center, middle. Digits count as numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/world/facts.h"

namespace uae::world {

struct ParsedCaption {
    SceneFacts facts;
    int words = 0;                     // word tokens (punctuation excluded)
    int unknownWords = 0;              // word tokens the parser does not know (skipped)
    std::vector<std::string> unknown;  // those words, each once, in order of appearance
};

ParsedCaption parseCaption(std::string_view text);

// Lower-cases and splits on whitespace; each ASCII punctuation mark becomes a token of
// its own. Bytes >= 0x80 (UTF-8) are word characters. The tokenizer splits the same way.
std::vector<std::string> splitWords(std::string_view text);

}  // namespace uae::world
