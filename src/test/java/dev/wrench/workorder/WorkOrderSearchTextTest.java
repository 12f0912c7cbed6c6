package dev.wrench.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which part of a search is web-search syntax and which word is the prefix being typed. */
class WorkOrderSearchTextTest {

  @Test
  void theLastPlainWordIsThePrefix() {
    assertThat(WorkOrderSearchText.of("filt")).isEqualTo(new WorkOrderSearchText("", "filt"));
    assertThat(WorkOrderSearchText.of("pump Se ")).isEqualTo(new WorkOrderSearchText("pump", "se"));
    assertThat(WorkOrderSearchText.of("\"air handler\" or fan Filt"))
        .isEqualTo(new WorkOrderSearchText("\"air handler\" or fan", "filt"));
    assertThat(WorkOrderSearchText.of("chiller2"))
        .isEqualTo(new WorkOrderSearchText("", "chiller2"));
  }

  @Test
  void numbersQuotesNegationsAndHyphenatedTokensAreTakenAsTyped() {
    assertThat(WorkOrderSearchText.of("123")).isEqualTo(new WorkOrderSearchText("123", null));
    assertThat(WorkOrderSearchText.of("WO-000123"))
        .isEqualTo(new WorkOrderSearchText("WO-000123", null));
    assertThat(WorkOrderSearchText.of("\"door hin"))
        .isEqualTo(new WorkOrderSearchText("\"door hin", null));
    assertThat(WorkOrderSearchText.of("door -hin"))
        .isEqualTo(new WorkOrderSearchText("door -hin", null));
    assertThat(WorkOrderSearchText.of("seal 100%"))
        .isEqualTo(new WorkOrderSearchText("seal 100%", null));
    assertThat(WorkOrderSearchText.of("pump").hasRest()).isFalse();
    assertThat(WorkOrderSearchText.of("pump seal").hasRest()).isTrue();
  }
}
