package dev.mtlsauthz.authserver.admin;

import java.util.List;

/**
 * One page of a list in the admin API and console.
 *
 * @param items the page's items
 * @param page the page, from 0
 * @param size the most items a page holds
 * @param more whether a next page has items
 */
public record AdminPage<T>(List<T> items, int page, int size, boolean more) {

	private static final int MAX_SIZE = 100;

	/**
	 * The rows to read for a page: one more than it holds, to tell whether it is last.
	 */
	static Window window(int page, int size) {
		return new Window(Math.max(0, page), Math.max(1, Math.min(size, MAX_SIZE)));
	}

	record Window(int page, int size) {

		long offset() {
			return (long) page * size;
		}

		int limit() {
			return size + 1;
		}

		<T> AdminPage<T> page(List<T> rows) {
			boolean more = rows.size() > size;
			return new AdminPage<>(more ? List.copyOf(rows.subList(0, size)) : List.copyOf(rows), page, size, more);
		}

	}

}
