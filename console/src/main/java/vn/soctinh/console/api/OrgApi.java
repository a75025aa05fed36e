package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import vn.soctinh.analyzer.org.InfoSystem;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.console.auth.Principal;

/** Organisations, their systems and log sources, and the onboarding helper; all within the viewer's scope. */
final class OrgApi {
  private final Supplier<OrgDirectory> orgs;
  private final Supplier<JsonArray> sources;
  private final Supplier<JsonObject> intake;
  private final ApiRouter api;

  OrgApi(Supplier<OrgDirectory> orgs, Supplier<JsonArray> sources, Supplier<JsonObject> intake, ApiRouter api) {
    this.orgs = orgs;
    this.sources = sources;
    this.intake = intake;
    this.api = api;
  }

  void mount() {
    api.add(HttpMethod.GET, "/orgs", Access.READ, this::listOrgs);
    api.add(HttpMethod.GET, "/orgs/{id}", Access.READ, this::showOrg);
    api.add(HttpMethod.GET, "/orgs/{id}/onboarding", Access.READ_ALL, this::onboarding);
    api.add(HttpMethod.GET, "/systems", Access.READ, this::systems);
    api.add(HttpMethod.GET, "/sources", Access.READ, this::sources);
  }

  private Object listOrgs(RoutingContext rc, Principal p) throws Exception {
    JsonArray out = new JsonArray();
    OrgDirectory d = orgs.get();
    for (Organization o : d.organizations()) if (p.sees(o.id())) out.add(org(o, d));
    return out;
  }

  private Object showOrg(RoutingContext rc, Principal p) throws Exception {
    OrgDirectory d = orgs.get();
    Organization o = visible(d, rc.pathParam("id"), p);
    JsonArray systems = new JsonArray();
    for (InfoSystem s : d.systems()) if (o.id().equals(s.org())) systems.add(system(s));
    return org(o, d).put("systems", systems);
  }

  private Object onboarding(RoutingContext rc, Principal p) throws Exception {
    Organization o = visible(orgs.get(), rc.pathParam("id"), p);
    return new Onboarding(o, intake.get()).json();
  }

  private Object systems(RoutingContext rc, Principal p) throws Exception {
    JsonArray out = new JsonArray();
    for (InfoSystem s : orgs.get().systems()) if (p.sees(s.org())) out.add(system(s));
    return out;
  }

  private Object sources(RoutingContext rc, Principal p) throws Exception {
    JsonArray out = new JsonArray();
    JsonArray all = sources.get();
    for (int i = 0; i < all.size(); i++) {
      JsonObject s = all.getJsonObject(i);
      if (p.sees(s.getString("agency"))) out.add(s);
    }
    return out;
  }


  private static Organization visible(OrgDirectory d, String id, Principal p) {
    Organization o = d.organization(id);
    if (o == null || !p.sees(o.id())) throw ApiError.notFound("organisation");
    return o;
  }

  private static JsonObject org(Organization o, OrgDirectory d) {
    JsonArray contacts = new JsonArray();
    for (var c : o.contacts()) contacts.add(new JsonObject().put("name", c.name()).put("position", c.position()).put("phone", c.phone()).put("email", c.email()));
    return new JsonObject().put("id", o.id()).put("code", o.code()).put("name", o.name()).put("parent", o.parent()).put("kind", o.kind())
        .put("merged_into", o.mergedInto()).put("contacts", contacts)
        .put("tls_names", o.sources() == null ? new JsonArray() : new JsonArray(o.sources().tlsNames()))
        .put("cidrs", o.sources() == null ? new JsonArray() : new JsonArray(o.sources().cidrs()));
  }

  private static JsonObject system(InfoSystem s) {
    return new JsonObject().put("id", s.id()).put("name", s.name()).put("org", s.org()).put("level", s.level()).put("type", s.type())
        .put("operating_unit", s.operatingUnit()).put("addresses", new JsonArray(s.addresses()));
  }
}
