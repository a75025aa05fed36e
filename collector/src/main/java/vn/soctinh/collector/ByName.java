package vn.soctinh.collector;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record with many components, built by name: the compiler generates {@code <Record>Builder} beside
 * it ({@code DrillScoreRowBuilder} for the nested {@code DrillScore.Row}) with {@code builder()}, one
 * setter per component and {@code build()}; the record implements {@code <Record>Builder.With}, which
 * gives it {@code withX(v)} per component and {@code with()}, a builder holding this value's components.
 *
 * <p>Defaults are the record's: a component a builder should not start empty carries
 * {@code @RecordBuilder.Initializer("CONSTANT")} naming a constant of the record, and factories such as
 * {@code of(...)} start from the builder. One template for every such record, so that they all read
 * alike; the generated code lands in {@code target/generated-sources/annotations}.
 */
@RecordBuilder.Template(options = @RecordBuilder.Options(
    addFunctionalMethodsToWith = false,
    addStaticBuilder = false,
    useImmutableCollections = false))
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Inherited
public @interface ByName {}
