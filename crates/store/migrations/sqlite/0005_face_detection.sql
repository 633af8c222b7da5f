-- Opt-in, per job: a small face detector runs in the candidate's browser during video
-- answers and reports only counts (frames with no face, with more than one). Off by
-- default; frames never leave the device.
-- Keep in step with migrations/postgres/0005_face_detection.sql.

ALTER TABLE jobs ADD COLUMN face_detection INTEGER NOT NULL DEFAULT 0;
