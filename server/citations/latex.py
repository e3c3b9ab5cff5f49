"""LaTeX in a BibTeX value to text, exactly as pylatexenc reads it, but fast.

pylatexenc reads a value one token per character (0.1 to 0.3 MB/s), so a maximal import of
LaTeX-heavy BibTeX took longer than its job may run. Most of such a file is plain text between a
few self-contained LaTeX pieces that recur ({\\"u}, \\'e, $\\alpha$, {B}ERT), so `to_text` splits a
value into plain runs and such pieces, decodes each distinct piece once with pylatexenc itself
(cached), and joins them; a value that does not split that way goes to pylatexenc whole.

Why the join is exact: pylatexenc turns a value into a list of nodes and its text is the join of
each node's text (the one exception, a macro's trailing space, cannot occur: no piece ends in a
bare letter macro). Each piece below is one node, or a macro and its argument, whose extent and
text do not depend on what is around it:
- a plain run holds no character that starts a macro, group, math, comment or special
  (~ & -- '' `` !` ?`), so it is one chars node read as written, its spaces and newlines kept;
- a braced group ends at its matching brace, since its inside has no % (a comment could hide
  the brace), no $ or \\( \\[ (math could run past it), no \\begin/\\end (an environment could);
- $...$ math is kept as written (math_mode="verbatim"), and ends at the next $ for the same reasons;
- a special (~ & -- --- `` '') is one node: --- is tried before --, `` not after ! or ?;
- an escaped special (\\& \\% \\_ \\$ \\# \\{ \\}) or an accent symbol with a letter or a group
  (\\'e, \\"{u}) is a control symbol: its name cannot run on into the next letter;
- a letter macro is taken only followed by a group and only if pylatexenc knows it to take
  one argument or none (\\c{c}, \\o{}): a macro of two (\\frac{a}{b}) would read past the piece.
tests/citations/test_latex.py compares the two on every such macro and on random mixes.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import MacroStandardArgsParser

PLAIN = r"(?:[^\\{}$%~&`'-]|'(?!')|-(?!-))+"
# Inside a group or math: anything but the characters and macros that could make it end
# elsewhere than the regular expression sees it.
_ENVIRONMENT = r"(?:begin|end|verb)(?![A-Za-z])"  # read to their end, wherever that is
_INSIDE = r"(?:[^\\{}$%%]|\\(?![()\[\]]|%s)(?:[A-Za-z]+|.))" % _ENVIRONMENT
_GROUP = r"\{(?:%s)*\}" % _INSIDE
for _ in range(3):  # three levels of nested braces: {\"{\i}} needs two
    _GROUP = r"\{(?:%s|%s)*\}" % (_INSIDE, _GROUP)
_MATH = r"\$(?!\$)(?:%s|%s)+\$(?!\$)" % (_INSIDE, _GROUP)
_SYMBOL = r"\\[&%%_$#{}]|\\['\"`^~=.](?:[A-Za-z]|%s)" % _GROUP
_LETTER_MACRO = r"\\(?!%s)([A-Za-z]+)%s" % (_ENVIRONMENT, _GROUP)
# The longest first, as pylatexenc reads them; `` after ! or ? would be read as !` or ?`.
_SPECIAL = r"---|--|(?<![!?])``|''|~|&"
PIECES = re.compile(r"(%s)|%s|%s|%s|%s|%s" % (PLAIN, _GROUP, _MATH, _SYMBOL, _SPECIAL, _LETTER_MACRO), re.DOTALL)
# Nothing to decode at all: most titles and abstracts of a real file.
NOTHING_TO_DECODE = re.compile(PLAIN + "|")


def _context():
    """bibtexparser's own decoder's macros (\\url{x} as x), plus those bibtex.write's encoder
    writes: pylatexenc drops macros it does not know, braces and all."""
    context = get_default_latex_context_db()
    context.add_context_category("papergist", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("textbraceleft", simplify_repl="{"),
        MacroTextSpec("textbraceright", simplify_repl="}"),
        MacroTextSpec("textquotedbl", simplify_repl='"'),
        MacroTextSpec("textasciicircum", simplify_repl="^"),
    ])
    return context


DECODER = LatexNodes2Text(latex_context=_context(), keep_braced_groups=False, math_mode="verbatim")
_WALKER_CONTEXT = latexwalker.get_default_latex_context_db()


@lru_cache(maxsize=1 << 10)
def _one_argument_at_most(name: str) -> bool:
    spec = _WALKER_CONTEXT.get_macro_spec(name)  # how the parser reads it; unknown: no arguments
    return spec is None or (type(spec.args_parser) is MacroStandardArgsParser and spec.args_parser.argspec in ("", "{"))


@lru_cache(maxsize=1 << 14)
def _cached(latex: str) -> str:
    return DECODER.latex_to_text(latex)


def _decoded(latex: str) -> str:
    # Each distinct short piece or value once ({\"o}, a name, a keyword); a long one (an
    # abstract) seldom recurs and would fill the cache.
    return _cached(latex) if len(latex) <= 200 else DECODER.latex_to_text(latex)


def to_text(value: str) -> str:
    """pylatexenc's text of `value` (math as written, braces gone)."""
    if NOTHING_TO_DECODE.fullmatch(value):
        return value
    fast = joined_pieces(value)
    return _decoded(value) if fast is None else fast


def joined_pieces(value: str) -> str | None:
    """The text of `value` piece by piece, or None if it is not made of plain runs and pieces."""
    parts, end = [], 0
    for match in PIECES.finditer(value):
        kind = match.lastindex  # 1: a plain run, 2: a letter macro, None: another piece
        if match.start() != end or (kind == 2 and not _one_argument_at_most(match.group(2))):
            return None
        parts.append(match.group() if kind == 1 else _decoded(match.group()))
        end = match.end()
    return "".join(parts) if end == len(value) else None
