package dev.qtalk.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The selector a method is called or served under, instead of the name a {@link SelectorNaming}
 * gives it: {@code @Selector("Upper") String upper(String s);} reaches a qtalk-go handler that
 * {@code fn.HandlerFrom} registered under the Go method name {@code Upper}. Used by {@link
 * Client#proxy} and {@link Handlers#from}; a proxy's or mux's prefix still applies.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Selector {
  /** The selector, without the prefix; not empty. */
  String value();
}
