package dev.wrench.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.BusError;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocationRulesTest {

  private final UUID root = UUID.randomUUID();
  private final UUID hall = UUID.randomUUID();
  private final UUID room = UUID.randomUUID();

  @Test
  void aPathEndsWithTheLocationUnderItsParentsPath() {
    assertThat(LocationRules.pathUnder(new UUID[0], root)).containsExactly(root);
    assertThat(LocationRules.pathUnder(null, root)).containsExactly(root);
    assertThat(LocationRules.pathUnder(new UUID[] {root, hall}, room))
        .containsExactly(root, hall, room);
  }

  @Test
  void movingUnderItselfOrADescendantIsACycle() {
    UUID[] roomPath = {root, hall, room};
    assertThatThrownBy(() -> LocationRules.newPrefix(roomPath, hall))
        .isInstanceOf(BusError.class)
        .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(422));
    assertThatThrownBy(() -> LocationRules.newPrefix(new UUID[] {root}, root))
        .isInstanceOf(BusError.class);
  }

  @Test
  void theNewPrefixIsTheNewParentsPath() {
    UUID other = UUID.randomUUID();
    assertThat(LocationRules.newPrefix(new UUID[] {other}, hall)).containsExactly(other);
    assertThat(LocationRules.newPrefix(new UUID[0], hall)).isEmpty();
  }
}
