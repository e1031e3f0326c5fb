"""Read a tagged PDF's structure tree with pikepdf and report what PDF/UA-1 forbids.

- heading levels that skip (H1 then H3), and headings nested in headings (a duplicate in the tree);
- list items (LI) whose parent is not a list (L);
- tables without header cells, and header cells without /Scope;
- headings with no text at all.

`problems(path)` returns readable strings; an empty list means the tree passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HEADINGS = {f"/H{n}": n for n in range(1, 7)}


@dataclass
class Node:
    role: str
    parent: Node | None
    attrs: dict = field(default_factory=dict)
    kids: list[Node] = field(default_factory=list)
    marks: int = 0  # marked-content items directly under this element

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def has_text(self) -> bool:
        return any(n.marks for n in self.walk())


def _attributes(obj) -> dict:
    import pikepdf
    value = obj.get("/A")
    found: dict = {}
    for a in (list(value) if isinstance(value, pikepdf.Array) else [value] if value is not None else []):
        if isinstance(a, pikepdf.Dictionary):
            found.update({str(k): a[k] for k in a.keys()})
    return found


def tree(path: Path | str) -> Node:
    """The structure tree of a PDF as Nodes (roles such as '/H1', '/Table', '/TH')."""
    import pikepdf
    with pikepdf.open(str(path)) as pdf:
        root = Node("/StructTreeRoot", None)

        def build(obj, parent: Node, depth: int = 0) -> None:
            if depth > 200:
                return
            if isinstance(obj, int) or (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/MCR"):
                parent.marks += 1
                return
            if not isinstance(obj, pikepdf.Dictionary) or "/S" not in obj:
                return
            node = Node(str(obj.S), parent, _attributes(obj))
            parent.kids.append(node)
            kids = obj.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                build(kid, node, depth + 1)

        tree_root = pdf.Root.StructTreeRoot
        kids = tree_root.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            build(kid, root)
        return root


def headings(root: Node) -> list[Node]:
    """Heading elements in reading order, the outermost only."""
    return [n for n in root.walk() if n.role in HEADINGS]


def problems(path: Path | str) -> list[str]:
    root = tree(path)
    found: list[str] = []
    previous = 0
    for h in headings(root):
        level = HEADINGS[h.role]
        if previous and level > previous + 1:
            found.append(f"heading level skips from H{previous} to H{level}")
        previous = level
        if not h.has_text():
            found.append(f"empty heading {h.role}")
    for node in root.walk():
        parent = node.parent
        if node.role in HEADINGS:
            up = parent
            while up is not None:
                if up.role in HEADINGS:
                    found.append(f"{node.role} nested inside {up.role}")
                    break
                up = up.parent
        if node.role == "/LI" and (parent is None or parent.role != "/L"):
            found.append(f"list item inside {parent.role if parent else 'nothing'}, not a list")
        if node.role == "/Table":
            cells = [n for n in node.walk() if n.role in ("/TH", "/TD")]
            header_cells = [n for n in cells if n.role == "/TH"]
            if not header_cells:
                found.append("table without header cells")
            for th in header_cells:
                if str(th.attrs.get("/Scope", "")) not in ("/Row", "/Column", "/Both"):
                    found.append("table header cell without /Scope")
                    break
    return found
