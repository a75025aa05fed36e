package vn.soctinh.analyzer.store.lucene;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Text fields ({@code message}): Unicode word breaks, lower case, accents folded, so that
 * {@code ha noi} finds {@code Hà Nội} and {@code dang nhap} finds {@code Đăng nhập}.
 */
public final class FoldingAnalyzer extends Analyzer {
  /**
   * The text lower-cased and folded to ASCII, punctuation kept: what Elasticsearch's standard
   * analyzer must see to produce the same tokens as this analyzer (the test node has no
   * asciifolding filter, so the store folds before sending).
   */
  public static String fold(String text) {
    char[] in = text.toLowerCase(java.util.Locale.ROOT).toCharArray();
    char[] out = new char[in.length * 4];
    int n = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, in.length);
    return new String(out, 0, n);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream t = new LowerCaseFilter(source);
    t = new ASCIIFoldingFilter(t);
    return new TokenStreamComponents(source, t);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }
}
