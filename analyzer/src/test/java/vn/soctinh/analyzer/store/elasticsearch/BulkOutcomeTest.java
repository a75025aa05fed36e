package vn.soctinh.analyzer.store.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers are the cluster's (send again) and which the document's (quarantine), by status alone. */
class BulkOutcomeTest {
  @ParameterizedTest(name = "item {0} -> {1}")
  @CsvSource({"200, STORED", "201, STORED", "400, QUARANTINE", "409, QUARANTINE", "413, QUARANTINE", "422, QUARANTINE",
      "401, RETRY", "403, RETRY", "404, RETRY", "408, RETRY", "429, RETRY", "500, RETRY", "503, RETRY"})
  void anItemIsQuarantinedOnlyForWhatItContains(int status, BulkOutcome expected) {
    assertEquals(expected, BulkOutcome.ofItem(status));
  }

  @ParameterizedTest(name = "request {0} of {1} -> {2}")
  @CsvSource({"413, 2, SPLIT", "413, 1, QUARANTINE", "400, 50, SPLIT", "400, 1, QUARANTINE", "0, 1, RETRY", "0, 50, RETRY",
      "401, 1, RETRY", "403, 10, RETRY", "404, 10, RETRY", "429, 1, RETRY", "502, 10, RETRY", "503, 1, RETRY"})
  void aWholeRequestIsSplitOrQuarantinedOnlyWhenTooLargeOrMalformed(int status, int documents, BulkOutcome expected) {
    assertEquals(expected, BulkOutcome.ofRequest(status, documents));
  }
}
