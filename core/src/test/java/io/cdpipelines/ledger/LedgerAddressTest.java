package io.cdpipelines.ledger;

import io.cdpipelines.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shared ledger's address: what is accepted, what is refused, and that a password never shows. */
class LedgerAddressTest {
    private static final String WHERE = "the credential";

    @Test
    void addressesAreReadWithTheirDefaults() {
        assertThat(LedgerAddress.parseShared("--ledger", "postgresql://db.example.com/cdp", WHERE))
                .isEqualTo(new LedgerAddress.Shared("db.example.com", 5432, "cdp"));
        assertThat(LedgerAddress.parseShared("--ledger", " jdbc:postgresql://10.0.0.7:6432/cd_ledger ", WHERE)
                .jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.7:6432/cd_ledger");
        LedgerAddress.Shared v6 = LedgerAddress.parseShared("--ledger", "postgres://[::1]:5433/cdp", WHERE);
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/cdp");
        assertThat(v6.describe()).isEqualTo("postgresql://[::1]:5433/cdp");
    }

    @Test
    void credentialsParametersAndOtherShapesAreRefusedWithTheWayOut() {
        assertThatThrownBy(() -> LedgerAddress.parseShared("--ledger", "postgresql://cdp:s3cret@db/cdp", WHERE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--ledger: the ledger address may not hold credentials or parameters (it is seen by every "
                        + "user of the host): give postgresql://host[:port]/database, and the user and password in "
                        + "the credential")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> LedgerAddress.parseShared("url", "postgresql://db/cdp?password=s3cret", WHERE))
                .hasMessageNotContaining("s3cret").hasMessageContaining("may not hold credentials or parameters");
        for (String bad : new String[] {"", "db/cdp", "mysql://db/cdp", "postgresql://db", "postgresql://db/",
                "postgresql://db/cdp/more", "postgresql://db/1cdp", "postgresql://db/c\ndp"}) {
            assertThatThrownBy(() -> LedgerAddress.parseShared("--ledger", bad, WHERE)).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a ledger address: give postgresql://host[:port]/database")
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> LedgerAddress.parseShared("--ledger", "postgresql://db:70000/cdp", WHERE))
                .hasMessage("--ledger: port 70000 of the ledger address is not a port: give 1 to 65535");
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        assertThat(new LedgerAddress.Credentials("cdp", "s3cret").toString()).doesNotContain("s3cret")
                .contains("cdp");
    }
}
