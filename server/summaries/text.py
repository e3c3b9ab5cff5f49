"""Turn a raw abstract into plain prose: LaTeX markup out, whitespace tidied, length bounded.

Abstracts arrive as authors typed them, often with LaTeX ($\\mathcal{O}(n)$, \\cite{...},
\\emph{...}). Readers and the ranker both want the words, not the markup. A full LaTeX parser
(pylatexenc) is the wrong tool here: abstracts are mostly plain text, where "%" is a percent sign,
not a comment that swallows the rest of the line, and a citation should vanish, not become "<cit.>".
"""
from __future__ import annotations

import re

# Longer abstracts are cut here so that the engine's time per paper stays bounded.
MAX_CHARS = 6000

_CITATION = re.compile(r"~?\\(?:cite[a-z]*|ref|eqref|label|footnote)\*?(?:\[[^\]]*\])*\{[^{}]*\}")
_WRAPPER = re.compile(r"\\(?:emph|textbf|textit|texttt|textsc|mathrm|mathbf|mathcal|mathbb|"
                      r"mathit|mathsf|operatorname|text|bm|boldsymbol|url|href)\*?\{([^{}]*)\}")
_ESCAPED = re.compile(r"\\([%&_#])")
_MATH = re.compile(r"\$\$?([^$]*)\$\$?")
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_BRACES = re.compile(r"[{}]")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")


def clean_text(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """Plain, single-spaced prose; markup removed, at most about `max_chars` characters."""
    if not text:
        return ""
    text = text[: max_chars * 2]  # cheap guard before the regexes run on huge inputs
    text = _ESCAPED.sub(r"\1", text)
    text = _CITATION.sub("", text).replace("~", " ")  # a LaTeX tie is a space
    for _ in range(3):  # nested wrappers such as \emph{\textbf{x}}
        text = _WRAPPER.sub(r"\1", text)
    text = _MATH.sub(lambda m: _plain_math(m.group(1)), text)
    text = _COMMAND.sub(lambda m: _GREEK.get(m.group(1), ""), text)
    text = _BRACES.sub("", text).replace("\\", " ")
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _cut(text, max_chars)


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
_SYMBOLS = {"sim": "~", "le": "<=", "leq": "<=", "ge": ">=", "geq": ">=", "times": "x",
            "cdot": "*", "in": "in", "to": "->", "rightarrow": "->", "infty": "inf", "log": "log"}

