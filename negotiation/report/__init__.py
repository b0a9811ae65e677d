"""PDF reports, decision briefs for readers who never open Python: ``negotiation report NAME
-o report.pdf`` and :func:`build`.

=========================  ==================================================================
:mod:`.builder`             orchestration: steps, progress, errors by section, atomic write
:mod:`.brief`               the two-page brief: the case's questions in plain sentences
:mod:`.sections`            each section's Typst markup, from the analysis and its results
:mod:`.figures`             the figures (matplotlib, house style, deterministic SVG)
:mod:`.typst_math`          sympy → Typst mathematics
:mod:`.markup`              escaping: text from a scenario is never evaluated
=========================  ==================================================================

The report presents what the library computed (``scenario.analyze()`` and
:mod:`negotiation.sensitivity`); it is never a second source of numbers.  Importing this
package loads none of its modules (the brief needs no sympy); matplotlib and typst load when a
report is built.
"""

from .. import _lazy

__getattr__, __dir__ = _lazy.load_on_first_use(__name__, {
    ".builder": ["SAMPLES", "build", "parse_sections"],
    ".sections": ["SECTIONS"],
    ".typst_math": ["TypstPrinter", "typst_math"],
})

__all__ = ["SAMPLES", "SECTIONS", "TypstPrinter", "build", "parse_sections", "typst_math"]
