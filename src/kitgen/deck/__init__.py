"""The PowerPoint deck: template, theming, text fitting and slide writing."""
