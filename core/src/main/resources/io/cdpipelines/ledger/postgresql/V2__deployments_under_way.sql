-- Deployments under way, by slot: starting a deployment looks for those its slot left (to supersede them); without
-- this index it read the slot's whole history, and recording slowed as the history grew.
CREATE INDEX deployments_under_way_by_slot ON deployments (project, component, environment)
    WHERE result = 'IN_PROGRESS';
