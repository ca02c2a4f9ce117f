package io.cdpipelines.engine;

import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.SecretValue;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces every secret value of one deployment with {@code ****} in what reaches a log, the ledger or an error. */
final class SecretMask {
    private final List<String> values;

    SecretMask(Collection<SecretValue> secrets) {
        // longest first, so that a value containing another is masked whole
        this.values = secrets.stream().map(SecretValue::text).filter(v -> !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String apply(String text) {
        if (text == null) {
            return "";
        }
        String masked = text;
        for (String value : values) {
            masked = masked.replace(value, "****");
        }
        return masked;
    }

    DeploymentLog over(DeploymentLog log) {
        return line -> log.println(apply(line));
    }
}
