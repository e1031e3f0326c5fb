"""Typed models of kitgen's YAML files: the schema is the documentation."""

from kitgen.models.activity import Activity
from kitgen.models.book_club import BookClub
from kitgen.models.case_study import CaseStudy
from kitgen.models.config import WorkspaceConfig
from kitgen.models.custom_block import CustomBlock
from kitgen.models.discussion import DiscussionGuide
from kitgen.models.kit import Kit
from kitgen.models.topic import Topic

__all__ = ["Activity", "BookClub", "CaseStudy", "CustomBlock", "DiscussionGuide", "Kit", "Topic", "WorkspaceConfig"]
