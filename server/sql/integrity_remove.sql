-- Removes every row that belongs to no committed import, and the rows of
-- imports whose write never finished. Runs inside one transaction.
DELETE FROM exam_results WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM pilot_applications WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM teacher_training WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM training_quotas WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM training_programmes WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM training_offers WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM stated_totals WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM exam_records WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM findings WHERE import_id NOT IN (SELECT id FROM imports WHERE status = 'committed');
DELETE FROM imports WHERE status = 'pending';
