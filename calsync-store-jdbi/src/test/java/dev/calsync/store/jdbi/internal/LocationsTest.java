package dev.calsync.store.jdbi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsTest {

    @Test
    void userInformationAndSecretParametersAreDropped() {
        String url = "jdbc:postgresql://calsync:s3cr3t@db.example.invalid:5432/sync"
                + "?password=s3cr3t&ssl=true&sslpassword=s3cr3t&currentSchema=calsync";
        String safe = Locations.withoutSecrets(url);
        assertThat(safe)
                .doesNotContain("s3cr3t")
                .doesNotContain("calsync:")
                .contains("db.example.invalid:5432/sync")
                .contains("ssl=true")
                .contains("currentSchema=calsync");
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        assertThat(Locations.withoutSecrets("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=x");
        assertThat(Locations.withoutSecrets("jdbc:sqlite:/tmp/calsync.db")).isEqualTo("jdbc:sqlite:/tmp/calsync.db");
    }

    @Test
    void aSecretAsTheOnlyParameterLeavesNoDanglingQuestionMark() {
        assertThat(Locations.withoutSecrets("jdbc:postgresql://h/db?password=x"))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(Locations.withoutSecrets("jdbc:postgresql://h/db?password=x&user=calsync"))
                .isEqualTo("jdbc:postgresql://h/db?user=calsync");
    }
}
