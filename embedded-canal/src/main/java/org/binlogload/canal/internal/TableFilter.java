package org.binlogload.canal.internal;

import com.alibaba.otter.canal.filter.aviater.AviaterRegexFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canal's table filter on {@code schema.table} with each name's answer kept: Canal asks it for every table map and
 * rows event, and each answer runs an expression engine. The answer depends on the name alone.
 */
final class TableFilter extends AviaterRegexFilter {
  /** Names kept at most; past it the answers are forgotten and asked again. */
  static final int MAX_NAMES = 4096;

  private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

  /** The filter of {@code include} ({@link Filters#regex}). */
  TableFilter(List<String> include) {
    super(Filters.regex(include));
  }

  @Override
  public boolean filter(String name) {
    if (name == null) {
      return super.filter(name);
    }
    Boolean known = answers.get(name);
    if (known != null) {
      return known;
    }
    boolean answer = super.filter(name);
    if (answers.size() >= MAX_NAMES) {
      answers.clear();
    }
    answers.put(name, answer);
    return answer;
  }
}
