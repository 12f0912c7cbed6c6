package dev.wrench.checklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.checklist.ChecklistRules.Answer;
import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChecklistRulesTest {

  private static JsonObject item(String key, String type) {
    return new JsonObject().put("key", key).put("label", key).put("type", type);
  }

  private static JsonArray pointers(Runnable call) {
    try {
      call.run();
    } catch (BusError e) {
      assertThat(e.status()).isEqualTo(422);
      JsonArray pointers = new JsonArray();
      e.errors().forEach(err -> pointers.add(((JsonObject) err).getString("pointer")));
      return pointers;
    }
    throw new AssertionError("no error");
  }

  @Test
  void validItemsAreNormalisedWithDefaults() {
    JsonArray items =
        ChecklistRules.items(
            new JsonArray()
                .add(item("a", "checkbox"))
                .add(item("b", "number").put("min", "1.50").put("max", "2").put("unit", "bar"))
                .add(
                    item("c", "meter_reading")
                        .put("meter_id", UUID.randomUUID().toString())
                        .put("on_fail", "create_work_order")));
    assertThat(items.getJsonObject(0).getBoolean("required")).isFalse();
    assertThat(items.getJsonObject(0).getString("on_fail")).isEqualTo("none");
    assertThat(items.getJsonObject(0).containsKey("min")).isTrue();
    assertThat(items.getJsonObject(1).getString("min")).isEqualTo("1.50");
  }

  @Test
  void everyMistakeHasItsPointer() {
    JsonArray bad =
        new JsonArray()
            .add(item("9lives", "text"))
            .add(item("x", "text"))
            .add(item("x", "text"))
            .add(item("r", "number").put("min", "3").put("max", "2"))
            .add(item("s", "signature").put("max", "2"))
            .add(item("p", "photo").put("on_fail", "create_work_order"))
            .add(item("m", "meter_reading"))
            .add(item("m2", "meter_reading").put("meter_id", "not-a-uuid"))
            .add(item("n", "number").put("min", 3))
            .add(item("t", "teleport"))
            .add("not an object");
    assertThat(pointers(() -> ChecklistRules.items(bad)))
        .containsExactlyInAnyOrder(
            "/items/0/key",
            "/items/2/key",
            "/items/3/min",
            "/items/4/max",
            "/items/5/on_fail",
            "/items/6/meter_id",
            "/items/7/meter_id",
            "/items/8/min",
            "/items/9/type",
            "/items/10");
  }

  @Test
  void answersAreTypedByTheirItem() {
    assertThat(ChecklistRules.answer("number", 12).number()).isEqualByComparingTo("12");
    assertThat(ChecklistRules.answer("number", 0.1).number()).isEqualTo(new BigDecimal("0.1"));
    assertThat(ChecklistRules.answer("meter_reading", "1520.5").number())
        .isEqualTo(new BigDecimal("1520.5"));
    assertThat(ChecklistRules.answer("meter_reading", 7).number()).isEqualByComparingTo("7");
    assertThat(ChecklistRules.answer("checkbox", true).bool()).isTrue();
    assertThat(ChecklistRules.answer("pass_fail", false).bool()).isFalse();
    assertThat(ChecklistRules.answer("text", "fine").text()).isEqualTo("fine");
    assertThat(ChecklistRules.answer("signature", "J. Doe").text()).isEqualTo("J. Doe");
    String id = UUID.randomUUID().toString();
    assertThat(ChecklistRules.answer("photo", id).text()).isEqualTo(id);
    assertThat(ChecklistRules.answer("number", null).isEmpty()).isTrue();
  }

  @Test
  void aWrongTypeIs422AtValue() {
    Object[][] wrong = {
      {"number", "12"},
      {"number", true},
      {"meter_reading", "12,5"},
      {"meter_reading", false},
      {"checkbox", "true"},
      {"pass_fail", 1},
      {"text", 3},
      {"text", "  "},
      {"signature", new JsonObject()},
      {"photo", "not-a-uuid"},
      {"photo", 5},
      {"number", 1e16},
      {"number", 0.1234567}
    };
    for (Object[] answer : wrong) {
      assertThatThrownBy(() -> ChecklistRules.answer((String) answer[0], answer[1]))
          .as("%s <- %s", answer[0], answer[1])
          .isInstanceOfSatisfying(
              BusError.class,
              e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.errors().getJsonObject(0).getString("pointer")).isEqualTo("/value");
              });
    }
  }

  @Test
  void aResultIsFailOutsideTheRangeOrOnFalse() {
    BigDecimal min = new BigDecimal("10");
    BigDecimal max = new BigDecimal("20");
    assertThat(ChecklistRules.result("number", ChecklistRules.answer("number", 10), min, max))
        .isEqualTo("pass");
    assertThat(ChecklistRules.result("number", ChecklistRules.answer("number", 20), min, max))
        .isEqualTo("pass");
    assertThat(ChecklistRules.result("number", ChecklistRules.answer("number", 9.99), min, max))
        .isEqualTo("fail");
    assertThat(ChecklistRules.result("number", ChecklistRules.answer("number", 20.01), min, max))
        .isEqualTo("fail");
    assertThat(ChecklistRules.result("number", ChecklistRules.answer("number", -5), null, max))
        .isEqualTo("pass");
    assertThat(
            ChecklistRules.result(
                "meter_reading", ChecklistRules.answer("meter_reading", "25"), null, max))
        .isEqualTo("fail");
    assertThat(
            ChecklistRules.result(
                "pass_fail", ChecklistRules.answer("pass_fail", false), null, null))
        .isEqualTo("fail");
    assertThat(
            ChecklistRules.result(
                "pass_fail", ChecklistRules.answer("pass_fail", true), null, null))
        .isEqualTo("pass");
    assertThat(
            ChecklistRules.result("checkbox", ChecklistRules.answer("checkbox", false), null, null))
        .isNull();
    assertThat(ChecklistRules.result("text", ChecklistRules.answer("text", "x"), null, null))
        .isNull();
    assertThat(ChecklistRules.result("number", Answer.NONE, min, max)).isNull();
  }
}
