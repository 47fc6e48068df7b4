"""docs/notebooks/analyst.ipynb executes from top to bottom (nbclient, Debian's python3 kernel),
so it cannot rot: every cell runs, its charts are drawn and its verdict is a verdict."""

import nbclient
import nbformat

from conftest import SOURCE


def test_the_analysts_notebook_executes():
    nb = nbformat.read(SOURCE / "docs" / "notebooks" / "analyst.ipynb", as_version=4)
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(SOURCE / "docs" / "notebooks")}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "data" in o and "image/png" in o["data"]]
    assert len(images) == 4
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert text.startswith(("Best on recognized_revenue", "No significant winner", "No clear winner"))
    assert "constraints" in text
