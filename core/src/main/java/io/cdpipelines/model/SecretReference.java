package io.cdpipelines.model;

/**
 * Where a secret's value lives (a Jenkins credentials id): never the value. The value is fetched through a
 * resolver only when a deployment that passed every rule needs it.
 */
public record SecretReference(String credentialsId) {

    public SecretReference {
        if (credentialsId == null || credentialsId.isBlank()) {
            throw new InvalidInputException("credentialsId", "is required: a secret is a reference to a credential");
        }
    }
}
