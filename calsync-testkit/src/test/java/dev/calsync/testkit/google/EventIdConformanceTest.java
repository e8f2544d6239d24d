package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§4 event ids")
class EventIdConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§4 generated ids are 26 base32hex characters and unique")
    void generatedIds() throws Exception {
        String cal = newCalendar();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            String id = insertSimple(cal).getId();
            assertThat(id).matches("[a-v0-9]{26}");
            ids.add(id);
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    @DisplayName("§4 the Outlook-UID vector: '_' + base32hex of the UTF-8 iCalUID")
    void derivedIdVector() {
        assertThat(Engine.idFromICalUid("040000008200E00074C5B7101A82E008")).startsWith("_60q30c1g60o30e1i60o4ac1g");
    }

    @Test
    @DisplayName("§4 instance ids use the UTC original start and stay the same once the instance is an exception")
    void instanceIdsStable() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal,
                weekly(
                        "w",
                        "2006-06-10T18:00:00+02:00",
                        "2006-06-10T20:00:00+02:00",
                        "Europe/Berlin",
                        "RRULE:FREQ=WEEKLY;COUNT=3"));
        String id = m.getId() + "_20060617T160000Z";
        assertThat(net.events().instances(cal, m.getId()).execute().getItems())
                .extracting(Event::getId)
                .contains(id);
        net.events().patch(cal, id, new Event().setSummary("changed")).execute();
        assertThat(net.events().instances(cal, m.getId()).execute().getItems())
                .extracting(Event::getId)
                .contains(id);
    }

    @Test
    @DisplayName(
            "§4 userInsert with an iCalUID and no id derives the id; a deleted id stays reserved for userInsert too")
    void userInsertIds() throws Exception {
        String cal = newCalendar();
        var n = google.userInsert(
                cal,
                Json.parseObject("{\"iCalUID\":\"abc@x\",\"start\":{\"date\":\"2026-03-10\"},"
                        + "\"end\":{\"date\":\"2026-03-11\"}}"));
        assertThat(n.path("id").asText()).isEqualTo(Engine.idFromICalUid("abc@x"));
        google.userDelete(cal, n.path("id").asText());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> google.userInsert(
                                cal,
                                Json.parseObject(
                                        "{\"iCalUID\":\"abc@x\",\"start\":{\"date\":\"2026-03-10\"},\"end\":{\"date\":\"2026-03-11\"}}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("409");
    }
}
