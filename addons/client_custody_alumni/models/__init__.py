from . import alumni_member, custody_noncompete, res_partner
