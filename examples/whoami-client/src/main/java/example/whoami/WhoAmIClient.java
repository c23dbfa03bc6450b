package example.whoami;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.client.RestClient;

@SpringBootApplication
public class WhoAmIClient {

	public static void main(String[] args) {
		var context = SpringApplication.run(WhoAmIClient.class, args);
		var whoami = context.getEnvironment().getProperty("api", "https://localhost:9443") + "/api/whoami";
		System.out.println(context.getBean(RestClient.class).get().uri(whoami).retrieve().body(String.class));
	}

}
