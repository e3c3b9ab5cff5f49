"""Turn a raw abstract into plain prose: LaTeX markup out, whitespace tidied, length bounded.

Abstracts arrive as authors typed them, often with LaTeX ($\\mathcal{O}(n)$, \\cite{...},
\\emph{...}). Readers and the ranker both want the words, not the markup. A full LaTeX parser
(pylatexenc) is the wrong tool here: abstracts are mostly plain text, where "%" is a percent sign,
not a comment that swallows the rest of the line, and a citation should vanish, not become "<cit.>".

A macro the cleaner does not know is never silently dropped: authors define \\method, \\ours or
\\tool as their system's name, and dropping it left "We propose, a general approach ...". It
becomes the name the caller gives (the title's "Name:" part) or else the macro's own name.
"""
from __future__ import annotations

import re

# Longer abstracts are cut here so that the engine's time per paper stays bounded.
MAX_CHARS = 6000

_CITATION = re.compile(r"~?\\(?:cite[a-z]*|ref|eqref|label|footnote)\*?(?:\[[^\]]*\])*\{[^{}]*\}")
_WRAPPER = re.compile(r"\\(?:emph|textbf|textit|texttt|textsc|textsf|textrm|textup|textnormal|"
                      r"underline|uline|mbox|textsuperscript|textsubscript|mathrm|mathbf|mathcal|"
                      r"mathbb|mathit|mathsf|mathtt|mathfrak|operatorname|text|bm|boldsymbol|url)"
                      r"\*?\{([^{}]*)\}")
# Macros with an argument that is not prose: \\href{url}{text} keeps the text, \\textcolor{red}{x} the x.
_HREF = re.compile(r"\\href\{[^{}]*\}\{([^{}]*)\}")
_COLOR = re.compile(r"\\(?:textcolor|colorbox)\{[^{}]*\}\{([^{}]*)\}|\\color\{[^{}]*\}")
_SPACING = re.compile(r"\\[hv]space\*?\{[^{}]*\}")
_ESCAPED = re.compile(r"\\([%&_#])")
_MATH = re.compile(r"\$\$?([^$]*)\$\$?")
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_BRACES = re.compile(r"[{}]")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")
_SELF_DEFINED = re.compile(r"\b([\w-]+) \(\1\)")  # "\\dycl (DyCL)" became "DyCL (DyCL)"


def clean_text(text: str | None, max_chars: int = MAX_CHARS, name: str | None = None) -> str:
    """Plain, single-spaced prose; markup removed, at most about `max_chars` characters.

    `name` is what an unknown prose macro (\\method, \\ours, \\tool) stands for; without one the
    macro's own name is kept."""
    if not text:
        return ""
    text = text[: max_chars * 2]  # cheap guard before the regexes run on huge inputs
    text = _ESCAPED.sub(r"\1", text)
    text = _CITATION.sub("", text).replace("~", " ")  # a LaTeX tie is a space
    text = _SPACING.sub(" ", text)
    for _ in range(3):  # nested wrappers such as \emph{\textbf{x}} or \href{url}{\texttt{x}}
        text = _HREF.sub(r"\1", text)
        text = _WRAPPER.sub(r"\1", text)
        text = _COLOR.sub(lambda m: m.group(1) or "", text)
    text = _MATH.sub(lambda m: _plain_math(m.group(1)), text)
    text = _COMMAND.sub(lambda m: _prose_macro(m.group(1), name or _spelled(m.group(1), text)), text)
    text = _BRACES.sub("", text).replace("\\", " ")
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SELF_DEFINED.sub(r"\1", text)
    return _cut(text, max_chars)


def _prose_macro(command: str, name: str | None) -> str:
    if command in _GREEK:
        return _GREEK[command]
    if command in _PROSE:
        return _PROSE[command]
    if command in _FORMATTING:
        return ""
    return name or command[0].upper() + command[1:]  # a name: capitalised, so a sentence can start with it


def _spelled(command: str, text: str) -> str | None:
    """How the text itself spells the macro's name, if it does ("\\dycl ... DyCL" -> "DyCL")."""
    match = re.search(rf"(?<![\\\w]){re.escape(command)}(?!\w)", text, re.I)
    return match.group(0) if match and match.group(0) != command else None


def _plain_math(math: str) -> str:
    math = _COMMAND.sub(lambda m: _GREEK.get(m.group(1), _SYMBOLS.get(m.group(1), "")), math)
    return _BRACES.sub("", math).strip()


def _cut(text: str, max_chars: int) -> str:
    """Cut at a sentence end near the limit, so no half sentence is left at the tail."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("。"))
    return head[: end + 1] if end > max_chars // 2 else head


_GREEK = {name: name for name in (
    "alpha beta gamma delta epsilon theta lambda mu sigma tau phi psi omega pi rho eta kappa "
    "Gamma Delta Theta Lambda Sigma Phi Psi Omega").split()}
# Text macros with a fixed reading, and formatting switches that carry no words.
_PROSE = {"eg": "e.g.", "ie": "i.e.", "etal": "et al.", "etc": "etc.", "vs": "vs.", "wrt": "w.r.t.",
          "LaTeX": "LaTeX", "TeX": "TeX", "ldots": "...", "dots": "...", "textendash": "-",
          "textemdash": "-", "times": "x", "pm": "±", "sim": "~", "approx": "~", "deg": "°",
          "textasciitilde": "~", "S": "§", "newline": " ", "quad": " ", "qquad": " "}
_FORMATTING = frozenset("""em it bf rm sf tt sc sl up md small large Large LARGE huge Huge tiny
scriptsize footnotesize normalsize noindent indent par linebreak newpage smallskip medskip bigskip
centering raggedright ignorespaces relax protect xspace nobreak unskip left right big Big bigg Bigg
hfill vfill displaystyle textstyle scriptstyle normalfont itshape bfseries upshape mdseries
sffamily rmfamily ttfamily scshape unicode mbox hbox makebox fbox textup textnormal""".split())
_SYMBOLS = {"sim": "~", "le": "<=", "leq": "<=", "ge": ">=", "geq": ">=", "times": "x",
            "cdot": "*", "in": "in", "to": "->", "rightarrow": "->", "infty": "inf", "log": "log"}

