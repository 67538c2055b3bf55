"""scripts/run_notebooks.py: notebooks are stored so that a re-run changes no bytes."""

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import run_notebooks  # noqa: E402  (scripts/run_notebooks.py)


def _stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_pieces_of_one_stream_are_merged_and_other_outputs_keep_their_order():
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        _stream("stdout", "a\n"),
        _stream("stdout", "b\n"),
        _stream("stderr", "warning\n"),
        _stream("stdout", "c\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
        _stream("stdout", "d\n"),
        _stream("stdout", "e\n"),
    ]
    notebook = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_markdown_cell("text")])
    assert run_notebooks.merge_streams(notebook) == 2
    kinds = [(o.output_type, o.get("name"), o.get("text")) for o in notebook.cells[0].outputs]
    assert kinds == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "warning\n"),
        ("stream", "stdout", "c\n"),
        ("execute_result", None, None),
        ("stream", "stdout", "d\ne\n"),
    ]


def test_a_notebook_run_twice_is_stored_with_the_same_bytes(tmp_path):
    # Flushed prints with pauses reach the client as separate stream messages, as a busy
    # kernel's do: stored as they came, the file would differ from run to run.
    code = (
        "import sys, time\n"
        "for i in range(4):\n"
        "    print(i, flush=True)\n"
        "    time.sleep(0.05)\n"
        "print('done')"
    )
    path = tmp_path / "flushes.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    run_notebooks.run(path)
    first = path.read_bytes()
    run_notebooks.run(path)
    assert path.read_bytes() == first
    (cell,) = nbformat.read(path, as_version=4).cells
    assert [o.text for o in cell.outputs] == ["0\n1\n2\n3\ndone\n"]
    assert "execution" not in cell.metadata  # no timestamps
