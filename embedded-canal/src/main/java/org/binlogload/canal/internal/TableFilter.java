package org.binlogload.canal.internal;

import com.alibaba.otter.canal.filter.aviater.AviaterRegexFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canal's regex table filter that remembers its answer for each {@code schema.table}: Canal asks it for every rows
 * and table-map event, and each question otherwise costs a map, an Aviator evaluation and a regex match.
 */
class TableFilter extends AviaterRegexFilter {
  /** Names remembered at most; past it the filter still answers, without remembering. */
  static final int CAPACITY = 10_000;

  private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

  TableFilter(String regex) {
    super(regex);
  }

  /** The filter of our {@code schema.table} / {@code schema.*} includes (every table when there are none). */
  static TableFilter of(List<String> include) {
    return new TableFilter(Filters.regex(include));
  }

  @Override
  public boolean filter(String name) {
    if (name == null) {
      return evaluate(name);
    }
    Boolean known = answers.get(name);
    if (known != null) {
      return known;
    }
    boolean answer = evaluate(name);
    if (answers.size() < CAPACITY) {
      answers.put(name, answer);
    }
    return answer;
  }

  /** Canal's own answer, without the memory. */
  boolean evaluate(String name) {
    return super.filter(name);
  }
}
