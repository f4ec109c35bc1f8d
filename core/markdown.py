"""A safe subset of Markdown for what partners write (news posts, product descriptions):
markdown-it-py renders, nh3 has the last word, so nothing but the allowed tags reaches a page."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
}

# No images, no code, no tables: only what the allowed tags above can express. Raw HTML is
# parsed (html=True) only so that it can be dropped whole, see _without_raw_html.
_markdown = MarkdownIt("zero", {"breaks": True, "html": True}).enable(
    [
        "html_block",
        "html_inline",
        "heading",
        "lheading",
        "list",
        "blockquote",
        "emphasis",
        "link",
        "autolink",
        "newline",
        "escape",
        "entity",
    ]
)


def _without_raw_html(state) -> None:
    # Dropped, not shown as text: a pasted <script> leaves no trace in the post.
    state.tokens = [token for token in state.tokens if token.type != "html_block"]
    for token in state.tokens:
        if token.children:
            token.children = [child for child in token.children if child.type != "html_inline"]


def _headings_below_the_title(state) -> None:
    # The post's title is the page's <h1>. The levels the text uses are renumbered from <h2>
    # ("## A / #### B" becomes h2 / h3), and a heading is never more than one level below the
    # one before it, so screen-reader users never meet a skipped level.
    levels = sorted({int(t.tag[1]) for t in state.tokens if t.type == "heading_open"})
    previous = 1
    for token in state.tokens:
        if token.type == "heading_open":
            previous = min(levels.index(int(token.tag[1])) + 2, previous + 1, 6)
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{previous}"


_markdown.core.ruler.push("without_raw_html", _without_raw_html)
_markdown.core.ruler.push("headings_below_the_title", _headings_below_the_title)


def clean_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        link_rel="nofollow noopener",
    )


def markdown_to_html(source: str) -> str:
    return clean_html(_markdown.render(source))


def safe_markdown(source: str) -> Markup:
    """Markdown as HTML that may be put into a page."""
    return Markup(markdown_to_html(source))  # noqa: S704  (sanitised by nh3)
