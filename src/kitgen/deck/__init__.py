"""The PowerPoint deck: plan, template and layouts, measuring, placement and slide writing (docs/deck.md, "Where things are")."""
