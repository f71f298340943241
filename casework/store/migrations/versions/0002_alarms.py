"""camera alarms: camera identity and status, alert details, alarm receipts and pictures

Revision ID: 0002_alarms
Revises: 0002_users
Create Date: 2026-11-23 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import casework.models


revision = '0002_alarms'
down_revision = '0002_users'
branch_labels = None
depends_on = None

CAMERA_COLUMNS = (
    ('vendor', sa.String(length=16)),
    ('ip_address', sa.String(length=45)),
    ('mac_address', sa.String(length=17)),
    ('serial_number', sa.String(length=64)),
    ('external_name', sa.String(length=64)),
    ('address', sa.String(length=256)),
    ('village_code', sa.String(length=12)),
    ('status_at', casework.models.UtcDateTime(timezone=True)),
    ('first_seen_at', casework.models.UtcDateTime(timezone=True)),
)
CAMERA_INDEXES = (
    ('ix_cameras_vendor_mac_channel', ['vendor', 'mac_address', 'channel']),
    ('ix_cameras_vendor_serial_channel', ['vendor', 'serial_number', 'channel']),
    ('ix_cameras_vendor_ip_channel', ['vendor', 'ip_address', 'channel']),
    ('ix_cameras_vendor_external_name', ['vendor', 'external_name']),
)
ALERT_COLUMNS = (
    ('label', sa.String(length=32)),
    ('occurred_at', casework.models.UtcDateTime(timezone=True)),
    ('ended_at', casework.models.UtcDateTime(timezone=True)),
    ('notified_at', casework.models.UtcDateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table('cameras', schema=None) as batch_op:
        for name, type_ in CAMERA_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        for name, columns in CAMERA_INDEXES:
            batch_op.create_index(name, columns, unique=False)

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        for name, type_ in ALERT_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(sa.Column('zones', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('notes', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index('ix_alerts_camera_kind_last', ['camera_id', 'kind', 'last_at'], unique=False)
        batch_op.create_index('ix_alerts_status_id', ['status', 'id'], unique=False)

    op.create_table('alarm_receipts',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('dedup_key', sa.String(length=80), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('camera_id', sa.String(length=64), nullable=False),
    sa.Column('alert_id', sa.String(length=26), nullable=True),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('occurred_at', casework.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('received_at', casework.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ),
    sa.ForeignKeyConstraint(['camera_id'], ['cameras.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key', name='uq_alarm_receipts_dedup_key')
    )
    with op.batch_alter_table('alarm_receipts', schema=None) as batch_op:
        batch_op.create_index('ix_alarm_receipts_alert_id', ['alert_id'], unique=False)
        batch_op.create_index('ix_alarm_receipts_source_external', ['source', 'external_id'], unique=False)

    op.create_table('alarm_pictures',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('receipt_id', sa.String(length=26), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['receipt_id'], ['alarm_receipts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alarm_pictures', schema=None) as batch_op:
        batch_op.create_index('ix_alarm_pictures_receipt_id', ['receipt_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alarm_pictures', schema=None) as batch_op:
        batch_op.drop_index('ix_alarm_pictures_receipt_id')
    op.drop_table('alarm_pictures')
    with op.batch_alter_table('alarm_receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_alarm_receipts_source_external')
        batch_op.drop_index('ix_alarm_receipts_alert_id')
    op.drop_table('alarm_receipts')

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_status_id')
        batch_op.drop_index('ix_alerts_camera_kind_last')
        for name in ('notes', 'zones', *(name for name, _ in reversed(ALERT_COLUMNS))):
            batch_op.drop_column(name)

    with op.batch_alter_table('cameras', schema=None) as batch_op:
        for name, _ in reversed(CAMERA_INDEXES):
            batch_op.drop_index(name)
        for name, _ in reversed(CAMERA_COLUMNS):
            batch_op.drop_column(name)
