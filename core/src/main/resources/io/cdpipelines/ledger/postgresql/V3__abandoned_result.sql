-- An abandoned deployment is a result of its own, no longer a failure whose message starts with 'abandoned: ' (as
-- earlier versions recorded it): those rows become ABANDONED, their message kept.
UPDATE deployments SET result = 'ABANDONED' WHERE result = 'FAILED' AND message LIKE 'abandoned: %';
