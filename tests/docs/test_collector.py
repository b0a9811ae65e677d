"""The collector of Markdown examples finds what it should, where it is."""

from .examples import blocks

PAGE = """\
# A page

```python
x = 1
```

<!-- no-run -->

```python
connect("tcp://scheduler:8786")
```

- In a list:

  ```python
  y = x + 1
  ```

<!-- file: data.yaml -->

```yaml
  key: value
```

```sh
not python
```

````python
>>> x
1
````
"""


def test_blocks_lines_markers_and_indentation(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    found = blocks(page)
    assert [(b.line, b.run, b.file) for b in found] == [
        (4, True, None), (10, False, None), (16, True, None), (22, True, "data.yaml"),
        (30, True, None)]
    assert found[0].code == "x = 1"
    assert found[2].code == "y = x + 1"           # the list item's indentation is removed
    assert found[3].code == "  key: value\n"      # a file keeps its own indentation
    assert found[4].is_doctest and not found[0].is_doctest
    assert found[1].where == f"{page}, code block at line 10"


#: The only examples allowed not to run, by page: each needs something a test cannot have.
NO_RUN_ALLOWED = {
    "docs/howto/dask.md": 1,  # connects to a dask scheduler at a network address
}


def test_no_run_is_used_only_where_allowed():
    from .examples import ROOT, pages

    used = {}
    for page in pages():
        skipped = sum(not b.run for b in blocks(page))
        if skipped:
            used[str(page.relative_to(ROOT))] = skipped
    assert used == NO_RUN_ALLOWED, (
        "a <!-- no-run --> marker was added or removed; it is for code that needs a network or a "
        f"cluster only (update NO_RUN_ALLOWED with the reason): {used}")


def test_every_file_a_page_writes_is_named_where_the_reader_sees_it():
    """A ``<!-- file: NAME -->`` block is invisible on the page: the paragraph before it must
    say ``NAME``, so that a reader who runs the page by hand saves the block under that name."""
    import re

    from .examples import ROOT, pages

    unnamed = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<!-- file: ([\w.-]+) -->", text):
            before = text[:match.start()].rstrip().rsplit("\n\n", 1)[-1]
            if f"`{match[1]}`" not in before:
                unnamed.append(f"{page.relative_to(ROOT)}: {match[1]}")
    assert unnamed == []
