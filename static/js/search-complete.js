// Suggestions under the search box as a buyer types: the WAI-ARIA combobox pattern.
// Progressive enhancement only: without this file the search form works the same.
(function () {
  var input = document.getElementById("id_q");
  var data = input && input.dataset;
  if (!data || !data.complete || !window.fetch) return;
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var results = [], active = -1, timer, pending;

  function set(element, attributes) {
    for (var name in attributes) element.setAttribute(name, attributes[name]);
  }

  list.hidden = true;
  set(list, { id: "id_q-list", class: "complete", role: "listbox", "aria-labelledby": "id_q-label" });
  set(status, { class: "sr-only", role: "status", "aria-live": "polite" });
  set(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": list.id });
  input.after(list, status);

  function select(to) {
    var before = list.children[active], option = list.children[to];
    if (before) set(before, { "aria-selected": false });
    active = to;
    if (!option) return input.removeAttribute("aria-activedescendant");
    set(option, { "aria-selected": true });
    set(input, { "aria-activedescendant": option.id });
    option.scrollIntoView({ block: "nearest" });
  }

  function expand(open) {
    select(-1);
    list.hidden = !open;
    set(input, { "aria-expanded": open });
  }
  expand(false);

  function show(found) {
    select(-1);
    results = found;
    list.textContent = "";
    found.forEach(function (result, i) {
      var option = list.appendChild(document.createElement("li"));
      set(option, { id: list.id + "-" + i, role: "option", "aria-selected": false });
      option.textContent = result.label;
      if (result.detail) option.appendChild(document.createElement("small")).textContent = result.detail;
      // Keep the focus in the box: choosing must not close the list first.
      option.onmousedown = function (event) { event.preventDefault(); };
      option.onclick = function () { choose(i); };
    });
    expand(found.length > 0);
    status.textContent = found.length ? data.completeCount.replace("{count}", found.length) : data.completeNone;
  }

  // A category opens its page; a trade word is searched for, with the filters chosen.
  function choose(i) {
    expand(false);
    if (results[i].kind === "category") return location.assign(results[i].url);
    input.value = results[i].label;
    input.form.submit();
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    clearTimeout(timer);
    if (pending) pending.abort();
    if (query.length < 2) {
      results = [];
      status.textContent = "";
      return expand(false);
    }
    timer = setTimeout(function () {
      pending = new AbortController();
      var params = new URLSearchParams({ q: query, lang: document.documentElement.lang });
      fetch(data.complete + "?" + params, { signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) { if (document.activeElement === input) show(body.results); })
        .catch(function () {});
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    var count = results.length, open = !list.hidden, key = event.key;
    if ((key === "ArrowDown" || key === "ArrowUp") && count) {
      event.preventDefault();
      if (!open) return expand(true);
      select(key === "ArrowDown" ? (active + 1) % count : (active > 0 ? active : count) - 1);
    } else if (key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (key === "Escape" && open) {
      event.preventDefault(); // else the browser empties the box too
      expand(false);
    }
  });

  input.addEventListener("blur", function () { expand(false); });
})();
