package dev.mtlsauthz.authserver;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Starts several applications in one JVM so that their contexts refresh at the same
 * moment (which is what races on a shared database), while the JVM-wide logging system is
 * set up by one of them at a time: Logback's context is shared, and two start-ups
 * configuring it at once fail with "Unable to find Spring Environment in logger context".
 * Each application gets {@link #listener()} and is run on its own thread.
 */
public final class StartingTogether {

	private static final ReentrantLock LOGGING = new ReentrantLock();

	private final CountDownLatch prepared;

	public StartingTogether(int applications) {
		this.prepared = new CountDownLatch(applications);
	}

	/** The builder with the listener that holds it until all are ready to refresh. */
	public SpringApplicationBuilder builder(Class<?> application) {
		return new SpringApplicationBuilder(application).listeners(listener());
	}

	GenericApplicationListener listener() {
		return new GenericApplicationListener() {

			@Override
			public boolean supportsEventType(ResolvableType eventType) {
				return true;
			}

			@Override
			public int getOrder() {
				// before Spring Boot's LoggingApplicationListener
				return Ordered.HIGHEST_PRECEDENCE;
			}

			@Override
			public void onApplicationEvent(ApplicationEvent event) {
				if (event instanceof ApplicationStartingEvent) {
					LOGGING.lock();
				}
				else if (event instanceof ApplicationContextInitializedEvent
						|| event instanceof ApplicationFailedEvent) {
					release();
				}
				else if (event instanceof ApplicationPreparedEvent) {
					release();
					prepared.countDown();
					awaitOthers();
				}
			}

		};
	}

	private static void release() {
		if (LOGGING.isHeldByCurrentThread()) {
			LOGGING.unlock();
		}
	}

	private void awaitOthers() {
		try {
			// an application that failed before this point never counts down
			prepared.await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
