"""Comments on services and ideas: writing, replying, editing for a short while, deleting and
reporting (`service`), who may do which (`permissions`), the thread a page shows (`thread`,
loaded by the view), the forms and the pages (`forms`, `routes`).

Replies have two levels: a reply to a reply is attached to the same top-level comment (and
notifies the author of the comment actually answered), so every conversation stays one list
under the comment that started it.

Without JavaScript every action is a form POST that redirects back to the thread (`next`) with
a flash message; with htmx the answer is the changed fragment, swapped in place."""
