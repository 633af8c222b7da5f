-- Recorded answers: resumable upload sessions, their chunks, and the finished media
-- answers with their transcripts. Media bytes live in the object store (encrypted);
-- these rows hold only keys, sizes and digests.
-- Keep in step with migrations/postgres/0003_media.sql.

CREATE TABLE media_uploads (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT NOT NULL REFERENCES applications(id),
    question_id     TEXT NOT NULL REFERENCES questions(id),
    kind            TEXT NOT NULL,         -- audio | video
    content_type    TEXT NOT NULL,
    max_bytes       INTEGER NOT NULL,
    received        INTEGER NOT NULL,        -- bytes stored so far, always a prefix
    state           TEXT NOT NULL,         -- open | complete
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    completed_at    INTEGER
);
CREATE INDEX media_uploads_answer ON media_uploads(org_id, application_id, question_id);

CREATE TABLE media_upload_chunks (
    upload_id    TEXT NOT NULL REFERENCES media_uploads(id),
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    byte_offset  INTEGER NOT NULL,
    length       INTEGER NOT NULL,
    sha256       TEXT NOT NULL,            -- hex, to tell a retried chunk from a different one
    object_key   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (upload_id, byte_offset)
);

CREATE TABLE media_answers (
    application_id       TEXT NOT NULL REFERENCES applications(id),
    question_id          TEXT NOT NULL REFERENCES questions(id),
    org_id               TEXT NOT NULL REFERENCES organisations(id),
    upload_id            TEXT NOT NULL UNIQUE REFERENCES media_uploads(id),
    kind                 TEXT NOT NULL,    -- audio | video
    content_type         TEXT NOT NULL,
    size_bytes           INTEGER NOT NULL,
    sha256               TEXT NOT NULL,    -- hex, of the plaintext recording
    object_key           TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    transcript_state     TEXT NOT NULL,    -- pending | done | failed
    transcript           TEXT,
    transcript_language  TEXT,
    segments             TEXT,             -- JSON array of {start, end, text}
    delivery             TEXT,             -- JSON, descriptive delivery measures
    transcript_error     TEXT,
    transcribed_at       INTEGER,
    PRIMARY KEY (application_id, question_id)
);
CREATE INDEX media_answers_org ON media_answers(org_id, application_id);
