#!/usr/bin/env python3
"""Derive data/english-synonyms.txt from WordNet 3.0.

Usage: scripts/build-synonyms.py WORDNET_DIR data/english-zipf.txt > data/english-synonyms.txt

WORDNET_DIR holds WordNet's database files (data.noun, verb.exc, ...), as
Debian's package wordnet-base installs them under /usr/share/wordnet.

Each output line is one WordNet synset: its one-word members that are
among the frequent English words of english-zipf.txt, plus the irregular
forms of those members that WordNet's exception lists give (rose -> rise)
and that are frequent too. Synsets left with fewer than two words are
dropped, and so are repeats of a line already written.
"""
import re
import sys

POS = ["noun", "verb", "adj", "adv"]

# WordNet's licence asks for its notice on all copies of the database.
NOTICE = """\
# Synonym sets derived from WordNet 3.0 by scripts/build-synonyms.py
# (see data/README.md). One set per line.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY
# MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF
# EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY
# PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR
# DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS,
# TRADEMARKS OR OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in
# advertising or publicity pertaining to distribution of the software
# and/or database. Title to copyright in this software, database and any
# associated documentation shall at all times remain with Princeton
# University and LICENSEE agrees to preserve same.
"""


def main():
    wordnet, zipf_path = sys.argv[1], sys.argv[2]
    frequent = {line.split()[0] for line in open(zipf_path, encoding="utf-8")}
    irregular = {}  # (pos, lemma) -> irregular forms
    for pos in POS:
        for line in open(f"{wordnet}/{pos}.exc", encoding="latin-1"):
            form, *lemmas = line.split()
            for lemma in lemmas:
                irregular.setdefault((pos, lemma), []).append(form)
    print(NOTICE, end="")
    seen = set()
    for pos in POS:
        for line in open(f"{wordnet}/data.{pos}", encoding="latin-1"):
            if line.startswith(" "):  # the licence header
                continue
            fields = line.split()
            count = int(fields[3], 16)
            words = []
            for i in range(count):
                # Adjective markers such as "(a)" are not part of the word.
                word = re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).lower()
                if "_" in word or "-" in word or "." in word or "'" in word:
                    continue
                for w in [word] + irregular.get((pos, word), []):
                    if w in frequent and w not in words:
                        words.append(w)
            if len(words) < 2:
                continue
            key = " ".join(words)
            if key not in seen:
                seen.add(key)
                print(key)


if __name__ == "__main__":
    main()
