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
final class FoldingAnalyzer extends Analyzer {
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
