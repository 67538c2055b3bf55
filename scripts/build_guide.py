"""Build the generated parts of the instructor guide and the letter handout.

Two documents are written from the kit itself, so they cannot drift from it:

* ``docs/instructor/answer_key.md``: every exercise of every notebook, found in
  ``natokit.exercises.*`` the way the property tests find them (a public function whose return
  annotation is a ``natokit.quiz.Question``), with its question, the accepted answer(s), the
  tolerance, the explanations of wrong choices, and for an analytic task the model answer and the
  rubric. The answers are read from the question objects, which compute them from the data.
* ``docs/handout/letter.md`` and ``docs/handout/letter.html``: the letter paragraph by paragraph
  (p01-p11), the Dutch text beside the kit's English working translation (the ``translation_en``
  column of ``data/letter.csv``), with the official reference (``natokit.letter.CITATION``). The
  HTML is one self-contained page with print styles: open it in a browser and print it.

Run from the repository root (offline, no tool beyond the kit's own environment)::

    python scripts/build_guide.py           # write the three files, list what changed
    python scripts/build_guide.py --check   # write nothing; exit 1 if a file is stale

The hand-written pages of ``docs/instructor/`` (course map, one page per notebook,
misconceptions) are not touched; ``tests/test_guide.py`` checks them against the notebooks.
"""

from __future__ import annotations

import argparse
import html
import importlib
import inspect
import json
import pkgutil
import re
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import natokit.exercises as exercises_package
from natokit import letter, quiz
from natokit.data import load
from natokit.quiz import AnalyticTask, Classify, MultipleChoice, Numeric, Question, ShortText

__all__ = [
    "ANSWER_KEY",
    "HANDOUT_HTML",
    "HANDOUT_MD",
    "SECTIONS_EN",
    "answer_key_markdown",
    "exercise_functions",
    "handout_html",
    "handout_markdown",
    "main",
    "outputs",
]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ANSWER_KEY = ROOT / "docs" / "instructor" / "answer_key.md"
HANDOUT_MD = ROOT / "docs" / "handout" / "letter.md"
HANDOUT_HTML = ROOT / "docs" / "handout" / "letter.html"
COMMAND = "python scripts/build_guide.py"

#: The letter's section headings in English (the kit's translation).
SECTIONS_EN = {
    "Inleiding": "Introduction",
    "Afschrikking en verdediging": "Deterrence and defence",
    "Lastenverdeling": "Burden sharing",
    "Werksessie met NAVO-partners": "Working session with NATO partners",
    "Contactgroep voor de verdediging van Oekraïne (UDCG)": (
        "Contact group for the defence of Ukraine (UDCG)"
    ),
}

#: Exercises that raised while the key was built (reported by :func:`main`).
FAILURES: list[str] = []

SIGNATURE = "DE MINISTER VAN DEFENSIE, drs. K.H. Ollongren"

TRANSLATION_NOTE = (
    "The English text is natokit's own working translation, written for teaching: it follows "
    "the Dutch sentence by sentence and keeps the letter's terms (posture, Air Policing, "
    "backfill) where the letter uses English. It is not an official translation; the Dutch text "
    "is the only authoritative one."
)


# -- discovery -------------------------------------------------------------------------------


def _returns_question(func: Callable, module: ModuleType) -> bool:
    """True when ``func`` is annotated to return a quiz question (as the property tests read it)."""
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Signature.empty:
        return False
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, {**vars(quiz), **vars(module)})  # noqa: S307 - ours
        except Exception:
            return False
    candidates = typing.get_args(annotation) or (annotation,)
    return any(inspect.isclass(c) and issubclass(c, Question) for c in candidates)


def _exercise_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{exercises_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(exercises_package.__path__)
        if not info.name.startswith("_")
    ]


def _notebook_modules() -> list[tuple[str, str, list[str]]]:
    """(notebook stem, notebook title, exercise modules it imports) for every notebook, in order."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        names = []
        for group in re.findall(r"from natokit\.exercises import ([a-z_, ]+)", code):
            names += [n.strip() for n in group.split(",") if n.strip()]
        title = next(
            (
                line[2:].strip()
                for c in cells
                if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        # in the order the notebook first calls them, not the order of the import line
        names = sorted(
            dict.fromkeys(names),
            key=lambda n: code.find(f"{n}.") if f"{n}." in code else len(code),
        )
        found.append((path.stem, title, names))
    return found


def _where_in_notebooks(module: ModuleType) -> dict[str, tuple[int, str]]:
    """For each ``module.function()`` a notebook calls: (position, where the student meets it).

    "Where" is the exercise's own label (``### Exercise 1 (compute): ...`` or a bold
    ``**Exercise 1.**`` lead) when the markdown cell just before the call has one, else the
    section the call sits in.
    """
    short = module.__name__.rsplit(".", 1)[-1]
    found: dict[str, tuple[int, str]] = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        section, previous = "", ""
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                previous = source.strip()
                headings = re.findall(r"^## (.+)$", source, flags=re.MULTILINE)
                section = headings[-1].strip() if headings else section
                continue
            for match in re.finditer(rf"\b{short}\.([a-z_0-9]+)\(", source):
                name = match.group(1)
                if name in found:
                    continue
                label = re.match(r"^#{3,6} (.+)", previous) or re.match(
                    r"^\*\*((?:Exercise|Task)[^*]*?)\.?\*\*", previous
                )
                where = label.group(1).strip() if label else f"section '{section}'"
                found[name] = (len(found), f"{path.stem}, {where}")
    return found


def exercise_functions(module: ModuleType) -> list[tuple[str, Callable]]:
    """The module's public question-returning functions, in the order its notebook uses them.

    Functions no notebook calls come last, in the order of the module's source.
    """
    found = [
        (name, func)
        for name, func in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and func.__module__ == module.__name__
        and _returns_question(func, module)
    ]
    used = _where_in_notebooks(module)
    return sorted(
        found,
        key=lambda item: (
            used.get(item[0], (len(used), ""))[0],
            inspect.getsourcelines(item[1])[1],
        ),
    )


def _grouped_modules() -> Iterator[tuple[str, ModuleType]]:
    """(heading, module) for every exercise module: by notebook first, then the rest."""
    modules = {m.__name__.rsplit(".", 1)[-1]: m for m in _exercise_modules()}
    done: set[str] = set()
    for stem, title, names in _notebook_modules():
        for name in names:
            if name in modules and name not in done:
                done.add(name)
                yield f"{title} (notebook `{stem}`, module `{name}`)", modules[name]
    for name in sorted(set(modules) - done):
        yield f"Module `{name}` (not yet imported by a notebook)", modules[name]


# -- the answer key --------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return _one_line(text).replace("|", "\\|")


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _answer_lines(q: Question) -> list[str]:
    """What counts as right, for one question, as Markdown lines."""
    lines: list[str] = []
    if isinstance(q, Numeric):
        unit = f" {q.unit}" if q.unit else ""
        tolerance = (
            "exactly (tolerance 0)"
            if q.tolerance == 0
            else f"within ± {_number(q.tolerance)}{unit}, inclusive: "
            f"{_number(q.answer - q.tolerance)} to {_number(q.answer + q.tolerance)}{unit}"
        )
        lines.append(f"- **Answer:** {_number(q.answer)}{unit}, accepted {tolerance}.")
        if q.unit:
            spellings = [q.unit, *quiz.UNIT_ALIASES.get(q.unit.lower(), ()), *q.unit_aliases]
            lines.append(
                "- **Unit:** optional (a bare number is read in the question's unit); written "
                "as " + ", ".join(f"`{s}`" for s in dict.fromkeys(spellings)) + "."
            )
    elif isinstance(q, MultipleChoice):
        lines.append("- **Options** (the answer in bold):")
        for letter_, option in zip("abcdefghijklmnopqrstuvwxyz", q.options, strict=False):
            if option == q.answer:
                lines.append(f"  - {letter_}) **{_one_line(option)}** (right)")
            else:
                why = q.why_wrong.get(option, "")
                reason = f" Why not: {_one_line(why)}" if why else " (no reason given)"
                lines.append(f"  - {letter_}) {_one_line(option)}.{reason}")
    elif isinstance(q, ShortText):
        forms = ", ".join(f"`{a}`" for a in q.accepted)
        lines.append(
            f"- **Accepted:** {forms} (case, accents, hyphens and a leading 'the' are ignored)."
        )
        if q.qualifiers:
            quals = ", ".join(f"`{x}`" for x in q.qualifiers)
            lines.append(f"- **Qualifiers allowed after a comma or in brackets:** {quals}.")
    elif isinstance(q, Classify):
        cats = "; ".join(
            f"{k}) {c}" for k, c in zip("abcdefghijklmnopqrstuvwxyz", q.categories, strict=False)
        )
        lines.append(f"- **Categories:** {cats}.")
        lines.append("")
        lines.append("| item | text | right category | feedback on a wrong choice |")
        lines.append("|---|---|---|---|")
        for key, text in q.items.items():
            lines.append(
                f"| {key} | {_cell(text)} | {_cell(q.answer[key])} | {_cell(q.explanations[key])} |"
            )
    elif isinstance(q, AnalyticTask):
        lines.append(
            f"- **Not graded by the kit:** students check themselves against the rubric; answers "
            f"under {q.min_words} words are refused as too short."
        )
        lines.append("")
        lines.append("**Rubric** (one point each):")
        lines.append("")
        lines += [f"{n}. {_one_line(point)}" for n, point in enumerate(q.rubric, start=1)]
        lines.append("")
        lines.append("**Model answer:**")
        lines.append("")
        lines += [f"> {_one_line(p)}\n>" for p in q.model_answer.split("\n\n")]
        lines[-1] = lines[-1].rstrip("\n>")
    else:  # a question class added later: say so rather than guess its answer
        lines.append(f"- **Answer:** see `{type(q).__name__}` in natokit.quiz (not yet described).")
    return lines


def _question_block(module: str, name: str, q: Question, where: str) -> list[str]:
    lines = [f"### `{module}.{name}()` · {type(q).__name__}", ""]
    end = "" if where[-1:] in ".?!" else "."
    lines.append(f"*In the notebook:* {where}{end}" if where else "*Not yet used in a notebook.*")
    lines.append("")
    lines.append(f"**Question.** {_one_line(q.question)}")
    lines.append("")
    if q.hint:
        lines += [f"*Hint the student can open:* {_one_line(q.hint)}", ""]
    lines += _answer_lines(q)
    lines.append("")
    if q.explanation:
        lines += [f"*Shown with a right answer:* {_one_line(q.explanation)}", ""]
    return lines


def answer_key_markdown() -> str:
    """The answer key as Markdown: every exercise of every module, grouped by notebook."""
    lines = [
        "# Answer key and rubrics",
        "",
        "<!-- Generated by scripts/build_guide.py from natokit.exercises; do not edit by hand. -->",
        "",
        "Every self-check and analytic task of the kit, read from the question objects the "
        "notebooks show. Answers that are numbers or dates are computed from the kit's data, so "
        "this page changes when a dataset row is corrected; rebuild it with "
        f"`{COMMAND}` (a test fails while it is stale). Tolerances are inclusive. Students never "
        "see this page through the notebooks: their feedback says why an answer is wrong, not "
        "what is right.",
        "",
        "Back to the [instructor guide](README.md).",
        "",
    ]
    for heading, module in _grouped_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        functions = exercise_functions(module)
        where = _where_in_notebooks(module)
        lines += [f"## {heading}", ""]
        if not functions:
            lines += ["No exercises in this module yet.", ""]
        for name, func in functions:
            try:
                question = func()
            except Exception as error:  # a module mid-edit: say so in the key, and in main()
                FAILURES.append(f"{short}.{name}(): {type(error).__name__}: {error}")
                lines += [
                    f"### `{short}.{name}()` · not built",
                    "",
                    f"**This exercise could not be built:** {type(error).__name__}: "
                    f"{_one_line(str(error))}",
                    "",
                ]
                continue
            lines += _question_block(short, name, question, where.get(name, (0, ""))[1])
    return "\n".join(lines).rstrip() + "\n"


# -- the handout -----------------------------------------------------------------------------


def _paragraphs():
    table = load("letter")
    if "translation_en" not in table.columns:
        raise SystemExit(
            "data/letter.csv has no translation_en column yet (natokit.data must list it); "
            "the handout needs the kit's working translation."
        )
    return table


def _citation_lines() -> list[str]:
    ref = letter.LETTER
    number = ref.number if ref.confirmed else "NOT CONFIRMED (see the note below)"
    return [
        f"- **Title:** {ref.title}",
        f"- **Author:** {ref.author}",
        f"- **Date:** {ref.date}",
        f"- **Parliamentary dossier:** {ref.dossier} (NAVO)",
        f"- **Kamerstuk number:** {number}",
        f"- **Official publication:** <{ref.url}>",
        f"- **Cite as:** {letter.CITATION}",
        f"- **Note:** {ref.note}",
    ]


def handout_markdown() -> str:
    """The printable handout as Markdown: Dutch and English, paragraph by paragraph."""
    table = _paragraphs()
    lines = [
        "# The letter of June 2022: Dutch text and English working translation",
        "",
        f"<!-- Generated by {COMMAND} from data/letter.csv; do not edit by hand. -->",
        "",
        "A handout for class: the Minister of Defence's annotated agenda for the NATO Defence "
        "Ministers' meeting of June 2022, paragraph by paragraph. The paragraph numbers "
        "(p01-p11) are the kit's: the notebooks cite the letter by them, e.g. *(p04)*. A "
        "print-friendly page with the two languages side by side is "
        "[letter.html](letter.html).",
        "",
        f"**About the translation.** {TRANSLATION_NOTE}",
        "",
        "## Official reference",
        "",
        *_citation_lines(),
        "",
    ]
    section = None
    for row in table.itertuples():
        if row.section != section:
            section = row.section
            lines += [f"## {section} · *{SECTIONS_EN.get(section, section)}*", ""]
        lines += [
            f"### {row.paragraph_id}",
            "",
            f"**NL.** {_one_line(row.text_nl)}",
            "",
            f"**EN (working translation).** {_one_line(row.translation_en)}",
            "",
        ]
    lines += [f"*{SIGNATURE}*", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.4;
       max-width: 60em; margin: 1.5em auto; padding: 0 1em; color: #111; }
h1 { font-size: 17pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
table.letter { border-collapse: collapse; width: 100%; }
table.letter td, table.letter th { vertical-align: top; padding: 0.35em 0.6em;
       border-top: 1px solid #ccc; text-align: left; }
table.letter td.pid { font-weight: bold; white-space: nowrap; width: 3em; }
table.letter td.en { color: #222; }
p.note, dl.ref { font-size: 10pt; }
dl.ref dt { font-weight: bold; float: left; clear: left; width: 11em; }
dl.ref dd { margin-left: 11.5em; margin-bottom: 0.2em; }
.unconfirmed { font-weight: bold; color: #8a1c00; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  tr { page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
}
"""


def handout_html() -> str:
    """The handout as one self-contained, print-friendly HTML page (no external resource)."""
    table = _paragraphs()
    e = html.escape
    ref = letter.LETTER
    number = (
        e(ref.number)
        if ref.confirmed
        else '<span class="unconfirmed">not confirmed (see the note)</span>'
    )
    rows = []
    section = None
    for row in table.itertuples():
        if row.section != section:
            section = row.section
            rows.append(
                f'<tr><th colspan="3"><h2>{e(section)} · '
                f"<i>{e(SECTIONS_EN.get(section, section))}</i></h2></th></tr>"
            )
        rows.append(
            f'<tr id="{e(row.paragraph_id)}"><td class="pid">{e(row.paragraph_id)}</td>'
            f'<td lang="nl">{e(_one_line(row.text_nl))}</td>'
            f'<td class="en" lang="en">{e(_one_line(row.translation_en))}</td></tr>'
        )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            "<!-- Generated by scripts/build_guide.py from data/letter.csv; do not edit. -->",
            "<title>The letter of June 2022: Dutch text and English working translation</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<h1>The letter of June 2022: Dutch text and English working translation</h1>",
            f'<p class="note"><b>About the translation.</b> {e(TRANSLATION_NOTE)}</p>',
            '<dl class="ref">',
            f"<dt>Title</dt><dd>{e(ref.title)}</dd>",
            f"<dt>Author</dt><dd>{e(ref.author)}</dd>",
            f"<dt>Date</dt><dd>{e(ref.date)}</dd>",
            f"<dt>Dossier</dt><dd>{e(ref.dossier)} (NAVO)</dd>",
            f"<dt>Kamerstuk number</dt><dd>{number}</dd>",
            f"<dt>Official publication</dt><dd>{e(ref.url)}</dd>",
            f"<dt>Cite as</dt><dd>{e(letter.CITATION)}</dd>",
            f"<dt>Note</dt><dd>{e(ref.note)}</dd>",
            "</dl>",
            '<table class="letter">',
            '<thead><tr><th scope="col">¶</th><th scope="col">Dutch (original)</th>'
            '<th scope="col">English (natokit working translation)</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            f"<p><i>{e(SIGNATURE)}</i></p>",
            "</body>",
            "</html>",
            "",
        ]
    )


# -- writing ---------------------------------------------------------------------------------


def outputs() -> dict[Path, str]:
    """Every generated file and the text it must hold now."""
    return {
        ANSWER_KEY: answer_key_markdown(),
        HANDOUT_MD: handout_markdown(),
        HANDOUT_HTML: handout_html(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    FAILURES.clear()
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        name = path.relative_to(ROOT)
        if current == text:
            print(f"{name}: unchanged")
            continue
        stale.append(name)
        if args.check:
            print(f"{name}: stale; run `{COMMAND}`")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"{name}: written")
    for failure in FAILURES:
        print(f"could not build {failure}")
    if FAILURES:
        return 2
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
