-- Integrity signals the candidate's browser counted during a question: pastes into the
-- answer box, switches away from the page, and face-detector counts for video answers.
-- One row per answer slot, replaced by each report from the browser. Shown to reviewers;
-- never read by scoring.
-- Keep in step with migrations/sqlite/0004_integrity.sql.

CREATE TABLE answer_integrity (
    application_id  TEXT NOT NULL REFERENCES applications(id),
    question_id     TEXT NOT NULL REFERENCES questions(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    paste_events    BIGINT NOT NULL,
    pasted_chars    BIGINT NOT NULL,
    focus_losses    BIGINT NOT NULL,
    away_seconds    BIGINT NOT NULL,
    face_checks     BIGINT,               -- NULL when no face detector ran
    face_none       BIGINT,
    face_multiple   BIGINT,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (application_id, question_id)
);
CREATE INDEX answer_integrity_org ON answer_integrity(org_id, application_id);
