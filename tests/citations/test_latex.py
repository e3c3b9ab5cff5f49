"""latex.to_text's fast path gives pylatexenc's own text: on every macro it takes as a piece,
in every form a reference manager writes it, and on random mixes of pieces, plain text and
LaTeX it must leave to pylatexenc."""
import random

import pytest

from server.citations import latex

ACCENTS = ["'", '"', "`", "^", "~", "=", "."]
LETTER_ACCENTS = ["c", "H", "v", "u", "r", "k", "d", "b", "t"]
SYMBOLS = ["o", "O", "ss", "aa", "AA", "ae", "AE", "oe", "OE", "l", "L", "i", "j",
           "textbraceleft", "textbraceright", "textquotedbl", "textasciicircum", "textemdash", "unknownmacro"]
ESCAPED = ["&", "%", "_", "$", "#", "{", "}"]
ONE_OF_EACH = ([f"\\{a}{c}" for a in ACCENTS for c in "aeiouAEOUnyc"]
               + [f"{{\\{a}{c}}}" for a in ACCENTS for c in "aeoU"]
               + [f"\\{a}{{{c}}}" for a in ACCENTS for c in "aeoU"]
               + [f"{{\\{a}\\i}}" for a in ACCENTS] + [f"\\{a}{{\\i}}" for a in ACCENTS]
               + [f"\\{m}{{{c}}}" for m in LETTER_ACCENTS for c in "cosSaA"]
               + [f"{{\\{m}{{{c}}}}}" for m in LETTER_ACCENTS for c in "cosS"] + [f"{{\\{m} {c}}}" for m in LETTER_ACCENTS for c in "os"]
               + [f"\\{m}{{}}" for m in SYMBOLS] + [f"{{\\{m}}}" for m in SYMBOLS]
               + [f"\\{c}" for c in ESCAPED] + [f"{{\\{c}}}" for c in ESCAPED]
               + ["$\\alpha$", "$\\mathcal{O}(n \\log n)$", "$x_1^{2}$", "$\\{a\\}$", "$a\\$b$", "{B}", "{BERT}",
                  "{\\em x}", "\\textit{a b}", "\\emph{{N}ested}", "\\url{http://x.org/a_b}", "{\\frac{a}}",
                  "{\\textit}", "\\textbf{a}{b}", "~", "&", "--", "---", "----", "``", "''", "'''", "a--b", "{a~b}", "{a--b}", "{``q''}", "{\\\\}", "{\\ }", "{a\nb}"])
# What the fast path must leave whole to pylatexenc, mixed in as well.
OTHERS = ["\\o", "\\o x", "\\ss ", "\\AA\n", "\\'\\i", "\\' e", "\\frac{a}{b}", "\\verb|x{|", "\\begin{x}a\\end{x}",
          "{\\begin{x}}", "% c\n", "{%}", "$$x$$", "$x", "{$x$}", "\\(x\\)", "!`", "?`", "{", "}", "\\", "\\\\[2pt]", "{\\verb|}|}"]
PLAIN = ["a", "Poincar", " ", "  ", "\n", "\n\n", "\t", "!", "?", "x-y", "it's", "-", "'", "na", "ve ", "(1)", "1.",
         "東京", "é", "#", "^", "_", "[a]", "@", ",", ";"]


@pytest.mark.parametrize("piece", ONE_OF_EACH)
def test_every_piece_alone_and_between_text_reads_as_pylatexenc_reads_it(piece):
    for value in (piece, f"a{piece}b", f"x {piece} y", f"{piece}{piece}", f"-{piece}'", f"!{piece}?", f"{piece}\n{piece}"):
        assert latex.to_text(value) == latex.DECODER.latex_to_text(value), repr(value)


def test_random_mixes_read_as_pylatexenc_reads_them():
    rng = random.Random(14)
    for _ in range(3000):
        parts = rng.choices([ONE_OF_EACH, ONE_OF_EACH, PLAIN, PLAIN, OTHERS], k=rng.randint(1, 12))
        value = "".join(rng.choice(kind) for kind in parts)
        assert latex.to_text(value) == latex.DECODER.latex_to_text(value), repr(value)
        if OTHERS not in parts:  # a reference manager's LaTeX, all of it read piece by piece
            assert latex.joined_pieces(value) is not None, repr(value)


def test_the_fast_path_leaves_to_pylatexenc_what_could_read_past_a_piece():
    for other in OTHERS:
        if other.strip(" `!?"):  # not plain text: the fast path must not take it
            assert latex.joined_pieces(f"a{other}b") is None, repr(other)
