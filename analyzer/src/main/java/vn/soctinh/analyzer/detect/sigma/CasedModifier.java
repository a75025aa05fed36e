package vn.soctinh.analyzer.detect.sigma;

/** {@code cased}: the values match case-sensitively (Sigma's default is insensitive). */
final class CasedModifier implements Modifier {
  @Override
  public void apply(ModifiedLine line, String name) {
    line.cased = true;
  }
}
