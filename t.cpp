#include <ctemplate/template.h>
#include <iostream>
int main(){ ctemplate::TemplateDictionary d("x"); d.SetValue("TEXT","a <b>\nc \"d\"");
std::string out; if(!ctemplate::ExpandTemplate("/tmp/ct/t.tpl", ctemplate::DO_NOT_STRIP,&d,&out)) {std::cerr<<"fail\n";return 1;} std::cout<<out<<"\n";}
