package io.cdpipelines.model;

/**
 * Who moved a release: a person on purpose, or automation (a Jenkinsfile's promoteImage on every build). Automation
 * never overrides a rollback.
 */
public enum Trigger {
    MANUAL, AUTOMATIC
}
