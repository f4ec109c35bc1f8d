"""${message}

Revision ID: ${up_revision}
Revises:${(" " + (down_revision if isinstance(down_revision, str) else ", ".join(down_revision))) if down_revision else ""}
Create Date: ${create_date}
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
% if imports:
${imports}
% endif

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
