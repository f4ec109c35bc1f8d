"""The moderation queue at /moderation: comments hidden by reports or carrying reports, and what
product owners decide about them – restore, hide, block the author. Every decision is audited."""
