-- Deployments under way, by slot and by build: starting a deployment looks for those its slot left (to supersede
-- them), a restarted Jenkins for those its builds left. Without these, both read the slot's (or the whole) history,
-- and recording slowed as a slot's history grew (5 ms after 20,000 deployments of one slot).
CREATE INDEX IF NOT EXISTS deployments_under_way_by_slot ON deployments (project, component, environment)
    WHERE result = 'IN_PROGRESS';
CREATE INDEX IF NOT EXISTS deployments_under_way_by_build ON deployments (build) WHERE result = 'IN_PROGRESS';
UPDATE meta SET value = '2' WHERE key = 'schema';
